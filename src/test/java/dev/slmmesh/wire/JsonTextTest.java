package dev.slmmesh.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** {@link Json#write} without the data binding must give exactly what the binding gives. */
class JsonTextTest {

  private static void sameAsMapper(Object value) {
    assertThat(Json.write(value)).isEqualTo(Json.bound(value));
  }

  @Test
  void everyCharacterIsEscapedAsTheMapperEscapesIt() {
    StringBuilder chunk = new StringBuilder();
    for (int c = 0; c <= 0xFFFF; c++) {
      chunk.append((char) c);
      if (chunk.length() == 512 || c == 0xFFFF) {
        sameAsMapper(List.of(chunk.toString()));
        chunk.setLength(0);
      }
    }
    sameAsMapper(List.of("\"quoted\" \\ back\nslash\t\u0000\u001f\u007f\u2028 é 日本 😀"));
    sameAsMapper(List.of("lone \ud800 high", "lone \udc00 low", ""));
  }

  @Test
  void plainValuesAtAnyDepth() {
    Map<String, @Nullable Object> inner = new LinkedHashMap<>();
    inner.put("n", null);
    inner.put("t", true);
    inner.put("f", false);
    inner.put("i", -42);
    inner.put("l", Long.MIN_VALUE);
    inner.put("s", (short) 7);
    inner.put("b", (byte) -3);
    inner.put("big", new BigInteger("123456789012345678901234567890"));
    inner.put("set", new LinkedHashSet<>(List.of("x", "y")));
    inner.put("empty", Map.of());
    inner.put("none", List.of());
    Map<String, Object> outer = new LinkedHashMap<>();
    outer.put("inner", inner);
    outer.put("list", List.of(inner, List.of(1, 2, List.of("deep"))));
    sameAsMapper(outer);
  }

  @Test
  void otherValuesGoThroughTheMapper() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("double", 1.5e300);
    m.put("float", 0.1f);
    m.put("record", new Answer.Refusal("no"));
    m.put("enum", Thread.State.RUNNABLE);
    m.put("array", new int[] {1, 2});
    m.put("intKeys", new TreeMap<>(Map.of(2, "b", 1, "a")));
    sameAsMapper(m);
    sameAsMapper(List.of(m));
    sameAsMapper(new TreeMap<>(Map.of(3L, "c")));
  }

  @Test
  void notificationsAsTheirRecordSays() {
    Instant at = Instant.parse("2026-04-08T10:30:01.123456Z");
    Message m = new Message("id-1", "from \"a\"", "to", "text", "hello\nworld 😀", at, null, false);
    sameAsMapper(Notification.message(m, "Alice\u0001"));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("file", "src/A.java");
    data.put("nested", Map.of("k", List.of(1, true)));
    data.put("count", 3);
    sameAsMapper(Notification.event("custom.thing", data, at));
    sameAsMapper(Notification.shutdown(Instant.parse("1969-12-31T23:59:59.999Z")));
    sameAsMapper(Notification.locked("/tmp/x", "peer", Instant.EPOCH));
  }

  @Test
  void sendAnswersLeaveOutWhatIsNull() {
    sameAsMapper(new MessageApi.Sent("id \"1\"", null, null, null));
    sameAsMapper(new MessageApi.Sent("id-1", null, true, null));
    sameAsMapper(new MessageApi.Sent(null, List.of("a", "b"), null, List.of("p\u0007")));
    sameAsMapper(new MessageApi.Sent(null, List.of(), null, null));
  }

  @Test
  void randomTreesMatchTheMapper() {
    Random random = new Random(16);
    for (int i = 0; i < 2_000; i++) {
      sameAsMapper(tree(random, 3));
    }
  }

  private static Object tree(Random random, int depth) {
    int kind = depth == 0 ? random.nextInt(5) : random.nextInt(7);
    switch (kind) {
      case 0:
        return text(random);
      case 1:
        return random.nextLong();
      case 2:
        return random.nextBoolean();
      case 3:
        return random.nextInt();
      case 4:
        return random.nextDouble();
      case 5:
        Map<String, Object> map = new LinkedHashMap<>();
        for (int k = random.nextInt(4); k > 0; k--) {
          map.put(text(random), tree(random, depth - 1));
        }
        return map;
      default:
        List<Object> list = new ArrayList<>();
        for (int k = random.nextInt(4); k > 0; k--) {
          list.add(tree(random, depth - 1));
        }
        return list;
    }
  }

  private static String text(Random random) {
    StringBuilder s = new StringBuilder();
    for (int k = random.nextInt(12); k > 0; k--) {
      int pick = random.nextInt(4);
      s.append(
          pick == 0
              ? (char) random.nextInt(0x20)
              : pick == 1 ? (char) random.nextInt(0x80) : (char) random.nextInt(0x10000));
    }
    return s.toString();
  }
}
