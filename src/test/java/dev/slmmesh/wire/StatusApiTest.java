package dev.slmmesh.wire;

import static org.assertj.core.api.Assertions.assertThat;

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
          + "\"recent\":[1,\"two\",true,{\"x\":1.5}]}}";

  @Test
  void readingByHandGivesWhatBindingGives() throws Exception {
    for (String answer :
        new String[] {FULL, "{\"status\":\"ok\",\"version\":\"1.2.2\",\"uptime\":1}", "{}"}) {
      JsonNode tree = Json.MAPPER.readTree(answer);
      StatusApi.Status bound = Json.MAPPER.treeToValue(tree, StatusApi.Status.class);

      StatusApi.Status read = StatusApi.Status.read(tree);

      assertThat(read).as(answer).isEqualTo(bound);
      assertThat(Json.write(read)).as(answer).isEqualTo(Json.write(bound));
    }
  }
}
