package dev.slmmesh.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.wire.Json;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AckParserTest {

  private static JsonNode json(String text) throws Exception {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void readsTheIdsOfAWellFormedAck() throws Exception {
    assertThat(AckParser.ids(json("{\"type\":\"ack\",\"messageIds\":[\"a\",\"b\"],\"x\":1}")))
        .contains(List.of("a", "b"));
    assertThat(AckParser.ids(json("{\"type\":\"ack\",\"messageIds\":[]}"))).contains(List.of());
  }

  @Test
  void rejectsEveryMalformedShape() throws Exception {
    for (String line :
        new String[] {
          "[\"ack\"]",
          "{\"messageIds\":[\"a\"]}",
          "{\"type\":\"ACK\",\"messageIds\":[\"a\"]}",
          "{\"type\":\"ack\"}",
          "{\"type\":\"ack\",\"messageIds\":\"a\"}",
          "{\"type\":\"ack\",\"messageIds\":[\"a\",2]}",
          "{\"type\":\"ack\",\"messageIds\":[\"\"]}",
          "{\"type\":\"ack\",\"messageIds\":[{\"id\":\"a\"}]}"
        }) {
      assertThat(AckParser.ids(json(line))).as(line).isEmpty();
    }
  }

  @Test
  void capsTheIdsPerLine() throws Exception {
    String ids = String.join(",", Collections.nCopies(AckParser.MAX_IDS, "\"a\""));
    assertThat(AckParser.ids(json("{\"type\":\"ack\",\"messageIds\":[" + ids + "]}")))
        .get()
        .satisfies(list -> assertThat(list).hasSize(AckParser.MAX_IDS));
    assertThat(AckParser.ids(json("{\"type\":\"ack\",\"messageIds\":[" + ids + ",\"b\"]}")))
        .isEmpty();
  }
}
