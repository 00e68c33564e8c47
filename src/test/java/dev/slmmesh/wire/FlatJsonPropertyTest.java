package dev.slmmesh.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The hand-written JSON of flat objects is Jackson's text, character for character. */
class FlatJsonPropertyTest {

  /** Characters that need care: controls, escapes, non-ASCII, a surrogate pair, lone surrogates. */
  private static final String TRICKY =
      "\u0000\u0001\b\t\n\u000b\f\r\u001f\u007f \"\\/é€😀\ud800\udc00";

  @Property(tries = 500)
  void aFlatMapIsWrittenAsJacksonWritesIt(
      @ForAll @Size(max = 6)
          List<@StringLength(max = 12) @CharRange(from = 0, to = 0xFFFF) String> texts,
      @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 1000) Integer> picks,
      @ForAll @LongRange(min = Long.MIN_VALUE, max = Long.MAX_VALUE) long number,
      @ForAll int small,
      @ForAll boolean flag) {
    Map<String, Object> map = new LinkedHashMap<>();
    StringBuilder tricky = new StringBuilder();
    picks.forEach(i -> tricky.append(TRICKY.charAt(i % TRICKY.length())));
    map.put("tricky" + tricky, tricky.toString());
    for (int i = 0; i < texts.size(); i++) {
      map.put(texts.get(i) + i, texts.get(i));
    }
    map.put("number", number);
    map.put("small", small);
    map.put("flag", flag);
    map.put("nothing", null);

    assertThat(FlatJson.object(map)).isEqualTo(Json.write(map));
    assertThat(FlatJson.write(map)).isEqualTo(Json.write(map));
  }

  @Property(tries = 300)
  void aNotificationWithAFlatPayloadIsWrittenAsJacksonWritesIt(
      @ForAll @StringLength(max = 40) @CharRange(from = 0, to = 0xFFFF) String text,
      @ForAll @LongRange(min = 0, max = 4_102_444_800_000L) long millis) {
    Instant at = Instant.ofEpochMilli(millis).plusNanos(123_456);
    List<Notification> notifications =
        List.of(
            Notification.stateChanged(text, "ns " + text, at),
            Notification.locked("/src/" + text, "peer-" + text, at),
            Notification.unlocked(text, at),
            Notification.peerLeft(text, at),
            Notification.shutdown(at),
            Notification.event("demo", Map.of("text", text, "n", 7), at));
    for (Notification n : notifications) {
      assertThat(FlatJson.notification(n)).isEqualTo(Json.write(n));
    }
  }

  @Test
  void anythingButAFlatValueIsLeftToJackson() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("a", "x");
    nested.put("inner", Map.of("b", 1));
    Map<String, Object> decimal = Map.of("d", 1.5);

    assertThat(FlatJson.object(nested)).isNull();
    assertThat(FlatJson.object(decimal)).isNull();
    assertThat(FlatJson.object(Map.of("list", List.of(1)))).isNull();
    assertThat(FlatJson.notification(Notification.event("demo", nested, Instant.EPOCH))).isNull();
    assertThat(FlatJson.write(nested)).isEqualTo(Json.write(nested));
    assertThat(FlatJson.write(decimal)).isEqualTo(Json.write(decimal));
  }
}
