package dev.slmmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.wire.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Process trees as an agent builds them: the agent starts the hook (via a shell) and its MCP servers. */
class SessionLocatorTest {
  private static final String[] MCP = {"/jdk/bin/java", "-XX:TieredStopAtLevel=1", "-jar", "/o/target/slm-mesh.jar", "mcp"};

  private static JsonNode peer(String id, long pid, String project) {
    return Json.MAPPER.createObjectNode().put("id", id).put("name", "peer-" + id).put("pid", pid)
        .put("projectPath", project);
  }

  /** terminal 10 → agent A 100 → shell 1000 → hook 1001; A → mcp 101; terminal → agent B 200 → mcp 201. */
  private static FakeProcesses twoAgentsFromOneTerminal() {
    return new FakeProcesses(1001, 1000)
        .add(1000, 100, "/bin/sh", "-c", "slm-mesh hook claude-code")
        .add(100, 10, "claude")
        .add(101, 100, MCP)
        .add(10, 1, "-bash")
        .add(200, 10, "claude")
        .add(201, 200, MCP);
  }

  @Test
  void picksThePeerWhoseMcpServerIsAChildOfTheHooksAgent() {
    List<JsonNode> peers = List.of(peer("b", 201, "/p"), peer("a", 101, "/p"));
    assertThat(SessionLocator.locate(twoAgentsFromOneTerminal(), peers, Path.of("/p")))
        .hasValueSatisfying(p -> assertThat(p.path("id").asText()).isEqualTo("a"));
  }

  @Test
  void printsNothingWhenItsOwnMcpServerIsNotRegisteredEvenIfASiblingAgentsIs() {
    List<JsonNode> peers = List.of(peer("b", 201, "/p"));
    assertThat(SessionLocator.locate(twoAgentsFromOneTerminal(), peers, Path.of("/p"))).isEmpty();
  }

  @Test
  void aNestedAgentStopsAtItsOwnMcpServerAndNeverTakesTheOuterAgentsMail() {
    // outer agent 100 (mcp 101) runs a shell tool 300 that runs inner agent 400 (mcp 401); hook of 400
    FakeProcesses table = new FakeProcesses(2001, 2000)
        .add(2000, 400, "/bin/sh", "-c", "hook")
        .add(400, 300, "claude")
        .add(401, 400, MCP)
        .add(300, 100, "bash")
        .add(100, 10, "claude")
        .add(101, 100, MCP);
    assertThat(SessionLocator.locate(table, List.of(peer("outer", 101, "/p"), peer("inner", 401, "/p")), null))
        .hasValueSatisfying(p -> assertThat(p.path("id").asText()).isEqualTo("inner"));
    assertThat(SessionLocator.locate(table, List.of(peer("outer", 101, "/p")), null)).isEmpty();
  }

  @Test
  void tellsSeveralServersOfOneAgentApartByWorkingDirectoryOrGivesUp() {
    FakeProcesses table = new FakeProcesses(1001, 100)
        .add(100, 1, "cursor")
        .add(101, 100, MCP)
        .add(102, 100, MCP);
    List<JsonNode> peers = List.of(peer("x", 101, "/work/x"), peer("y", 102, "/work/y"));
    assertThat(SessionLocator.locate(table, peers, Path.of("/work/y")))
        .hasValueSatisfying(p -> assertThat(p.path("id").asText()).isEqualTo("y"));
    assertThat(SessionLocator.locate(table, peers, Path.of("/elsewhere"))).isEmpty();
    assertThat(SessionLocator.locate(table, peers, null)).isEmpty();
  }

  @Test
  void ignoresPeersWhoseProcessIsNotOurMcpServer() {
    // a Python client registered with its own PID, a child of the same terminal shell
    FakeProcesses table = new FakeProcesses(1001, 100)
        .add(100, 10, "claude")
        .add(10, 1, "-bash")
        .add(50, 10, "python3", "client.py");
    assertThat(SessionLocator.locate(table, List.of(peer("py", 50, "/p")), Path.of("/p"))).isEmpty();
  }

  @Test
  void walksAncestorsNearestFirstAndStopsAtInitOrACycle() {
    FakeProcesses table = new FakeProcesses(5, 4).add(4, 3, "a").add(3, 1, "b");
    assertThat(SessionLocator.ancestors(table)).containsExactly(5L, 4L, 3L);
    FakeProcesses loop = new FakeProcesses(7, 8).add(8, 7, "x");
    assertThat(SessionLocator.ancestors(loop)).containsExactly(7L, 8L);
  }
}
