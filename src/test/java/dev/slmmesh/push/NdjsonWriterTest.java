package dev.slmmesh.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.wire.Notification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NdjsonWriterTest {

  @Test
  void writesCompactJsonAndOneNewline() {
    byte[] line = NdjsonWriter.encode(Notification.shutdown(Instant.parse("2026-04-08T11:00:00Z")));

    assertThat(new String(line, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"type\":\"shutdown\",\"payload\":{},\"timestamp\":\"2026-04-08T11:00:00.000Z\"}\n");
  }

  @Test
  void escapesNewlinesInsideValuesAndKeepsUtf8() {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("messageId", "m1");
    payload.put("text", "line one\nline two\r€");
    Notification n = new Notification(Notification.MESSAGE, payload, Instant.EPOCH);

    String line = new String(NdjsonWriter.encode(n), StandardCharsets.UTF_8);

    assertThat(line).endsWith("\n").contains("line one\\nline two\\r€");
    assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
    assertThat(line).doesNotContain("\r");
  }

  @Test
  void aNotificationsLineIsTheSameBytesWhetherWrittenByHandOrByJackson() {
    Instant at = Instant.parse("2026-04-08T11:00:00.123Z");
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("messageId", "m1");
    payload.put("text", "quote \" back \\ tab \t nul \u0000 é 😀 lone \ud800");
    payload.put("fromName", null);
    for (Notification n :
        java.util.List.of(
            new Notification(Notification.MESSAGE, payload, at),
            Notification.stateChanged("k \"1\"", "ns", at),
            Notification.locked("/a\\b", "p", at),
            Notification.event("demo", Map.of("nested", Map.of("n", 1.5)), at))) {
      assertThat(NdjsonWriter.encode(n)).isEqualTo(NdjsonWriter.encode((Object) n));
    }
  }
}
