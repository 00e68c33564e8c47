package dev.slmmesh.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.client.FakeBroker;
import dev.slmmesh.config.Config;
import dev.slmmesh.testkit.FakeSlm;
import dev.slmmesh.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mesh_recall}: listed only with a memory system, answering from it, failing clearly. */
class McpMemoryIT {
  private static final String[] EIGHT = {
    "mesh_peers",
    "mesh_summary",
    "mesh_send",
    "mesh_inbox",
    "mesh_state",
    "mesh_lock",
    "mesh_events",
    "mesh_status"
  };

  @TempDir Path tools;
  private Path data;
  private FakeBroker broker;
  private McpTestClient client;

  @BeforeEach
  void setUp() throws Exception {
    data = Files.createTempDirectory(Path.of("/tmp"), "mm");
    broker = FakeBroker.start(data);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (client != null) {
      client.close();
    }
    broker.close();
  }

  private McpTestClient start(Map<String, String> env) throws Exception {
    client =
        McpTestClient.inProcess(Config.defaults(data).withPort(broker.port()).withEnvironment(env));
    client.initialize();
    return client;
  }

  private JsonNode toolNames() throws Exception {
    return client
        .request("tools/list", Json.MAPPER.createObjectNode())
        .path("result")
        .path("tools");
  }

  private JsonNode recall(String argumentsJson) throws Exception {
    return Json.MAPPER.readTree(
        McpTestClient.texts(client.callTool("mesh_recall", argumentsJson)).get(0));
  }

  @Test
  void withTheSlmCommandTheRecallToolFollowsTheEightAndAnswers() throws Exception {
    FakeSlm slm = FakeSlm.working(tools.resolve("bin"));
    Files.writeString(
        slm.store,
        "[mesh:message] a -> b: the API moved to port 8081\n[mesh:state] default/x = 1 (by a)\n");
    start(Map.of("PATH", slm.dir.toString()));
    assertThat(toolNames().findValuesAsText("name"))
        .containsExactly(
            "mesh_peers",
            "mesh_summary",
            "mesh_send",
            "mesh_inbox",
            "mesh_state",
            "mesh_lock",
            "mesh_events",
            "mesh_status",
            "mesh_recall");
    JsonNode answer = recall("{\"query\":\"API moved\"}");
    assertThat(answer.path("ok").asBoolean()).as(answer.toString()).isTrue();
    assertThat(answer.path("memories").get(0).asText())
        .isEqualTo("[mesh:message] a -> b: the API moved to port 8081");
    assertThat(answer.path("memories")).hasSize(1);
  }

  @Test
  void withoutAMemorySystemTheEightToolsAreUnchanged() throws Exception {
    start(Map.of("PATH", tools.toString()));
    assertThat(toolNames().findValuesAsText("name")).containsExactly(EIGHT);
    JsonNode call =
        client.request(
            "tools/call",
            Json.MAPPER.readTree("{\"name\":\"mesh_recall\",\"arguments\":{\"query\":\"x\"}}"));
    assertThat(call.path("error").path("message").asText()).contains("Unknown tool: mesh_recall");
  }

  @Test
  void aFailingMemoryCommandGivesAClearErrorAndTheMeshKeepsWorking() throws Exception {
    start(Map.of("PATH", FakeSlm.failing(tools.resolve("bin")).dir.toString()));
    JsonNode answer = recall("{\"query\":\"anything\"}");
    assertThat(answer.path("ok").asBoolean()).isFalse();
    assertThat(answer.path("error").asText())
        .contains("exited with status 3")
        .contains("SLM_MESH_MEMORY=off");
    JsonNode status =
        Json.MAPPER.readTree(McpTestClient.texts(client.callTool("mesh_status", "{}")).get(0));
    assertThat(status.path("session").path("peerId").asText()).isNotEmpty();
    JsonNode bad = client.callTool("mesh_recall", "{}");
    assertThat(McpTestClient.texts(bad).get(0)).contains("query");
  }
}
