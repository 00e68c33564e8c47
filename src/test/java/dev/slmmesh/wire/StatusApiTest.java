package dev.slmmesh.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class StatusApiTest {

  private static final String FULL =
      "{\"status\":\"ok\",\"version\":\"1.2.2\",\"uptime\":89,\"pid\":25298,\"port\":7931,"
          + "\"peers\":{\"active\":2,\"stale\":1,\"total\":3},"
          + "\"messages\":{\"total\":10,\"undelivered\":4},\"locks\":{\"active\":1},"
          + "\"events\":{\"total\":7},\"db\":{\"sizeBytes\":98304,\"walSizeBytes\":4096},"
          + "\"machine\":{\"id\":\"e29\",\"name\":\"vm\"},\"push\":{\"dropped\":5,\"resyncs\":6},"
          + "\"memory\":{\"bridge\":\"off\",\"remembered\":0,\"lastError\":null,"
          + "\"big\":12345678901,\"recent\":[1,\"two\",true,{\"x\":1.5},null]}}";

  @Test
  void readingByHandGivesWhatBindingGives() throws Exception {
    for (String answer :
        new String[] {
          FULL,
          "{\"status\":\"ok\",\"version\":\"1.2.2\",\"uptime\":1}",
          "{}",
          // nulls, numbers as text and a fraction, keys this client does not know
          "{\"status\":null,\"version\":7,\"uptime\":\"12\",\"pid\":3.9,\"port\":null,"
              + "\"peers\":null,\"locks\":{},\"extra\":{\"a\":[1]},\"db\":{\"sizeBytes\":\"5\"}}"
        }) {
      JsonNode tree = Json.MAPPER.readTree(answer);
      StatusApi.Status bound = Json.MAPPER.treeToValue(tree, StatusApi.Status.class);

      StatusApi.Status read = StatusApi.Status.read(WireObject.parse(answer));

      assertThat(read).as(answer).isEqualTo(bound);
      assertThat(Json.write(read)).as(answer).isEqualTo(Json.write(bound));
    }
  }

  @Test
  void healthIsReadAsBindingReadsIt() throws Exception {
    for (String answer :
        new String[] {
          "{\"status\":\"ok\",\"version\":\"1.2.2\",\"uptime\":5}", "{}", "{\"uptime\":null}"
        }) {
      assertThat(StatusApi.Health.read(WireObject.parse(answer)))
          .as(answer)
          .isEqualTo(Json.MAPPER.readValue(answer, StatusApi.Health.class));
    }
  }

  @Test
  void whereBindingFailsTheReaderFailsToo() {
    for (String answer :
        new String[] {
          "{\"uptime\":true}",
          "{\"uptime\":\"soon\"}",
          "{\"uptime\":[1]}",
          "{\"peers\":5}",
          "{\"peers\":\"none\"}",
          "{\"status\":{}}",
          "{\"version\":[\"1\"]}",
          "{\"memory\":[]}",
          "{\"port\":99999999999}"
        }) {
      assertThatThrownBy(() -> Json.MAPPER.readValue(answer, StatusApi.Status.class))
          .as("binding " + answer)
          .isInstanceOf(Exception.class);
      assertThatThrownBy(() -> StatusApi.Status.read(WireObject.parse(answer)))
          .as(answer)
          .isInstanceOf(WireFormatException.class)
          .hasMessageStartingWith("field \"");
    }
  }

  @Test
  void aMalformedAnswerNamesTheField() {
    assertThatThrownBy(
            () -> StatusApi.Status.read(WireObject.parse("{\"peers\":{\"active\":\"many\"}}")))
        .isInstanceOf(WireFormatException.class)
        .hasMessage("field \"peers.active\" must be a whole number, got \"many\"");
    assertThatThrownBy(() -> StatusApi.Status.read(WireObject.parse("{\"port\":70000000000}")))
        .hasMessage("field \"port\" must be a whole number that fits 32 bits, got 70000000000");
    assertThatThrownBy(() -> StatusApi.Status.read(WireObject.parse("{\"db\":[1]}")))
        .hasMessage("field \"db\" must be an object, got an array");
  }
}
