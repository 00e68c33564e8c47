package dev.slmmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.config.Config;
import dev.slmmesh.daemon.BrokerDaemon;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.MeshHttp;
import dev.slmmesh.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slm-mesh hook <client>} against the real broker, with a made-up process tree: this
 * hook (1001) runs under a shell (1000) of agent A (100), whose MCP server is 101; agent B (200)
 * in the same terminal has MCP server 201. Only A's messages may ever be shown.
 */
class HookIT {
  private static final String[] MCP = {"/jdk/bin/java", "-jar", "/o/target/slm-mesh.jar", "mcp"};

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  private BrokerDaemon daemon;
  private MeshHttp http;
  private CliRun cli;
  private Path data;
  private FakeProcesses tree;

  @BeforeEach
  void start() throws Exception {
    data = dir.resolve("d");
    daemon = BrokerDaemon.start(Config.defaults(data).withPort(0));
    http = new MeshHttp(daemon.port(), daemon.token());
    Path home = Files.createDirectories(dir.resolve("h"));
    tree = new FakeProcesses(1001, 1000)
        .add(1000, 100, "/bin/sh", "-c", "slm-mesh hook claude-code")
        .add(100, 10, "claude").add(101, 100, MCP)
        .add(10, 1, "-bash")
        .add(200, 10, "claude").add(201, 200, MCP);
    Config config = Config.defaults(data).withPort(daemon.port()).withEnvironment(Map.of("HOME", home.toString()));
    cli = new CliRun(config, home).processes(tree);
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  private JsonNode register(String name, long pid, boolean credential) {
    MeshHttp.Response r = http.call("/register", "projectPath", "/work/" + name, "pid", pid, "name", name,
        "requestCredential", credential);
    assertThat(r.ok()).as(r.text()).isTrue();
    return r.json();
  }

  private String send(String to, String text) {
    MeshHttp.Response r = http.call("/send", "fromPeer", "cli", "toPeer", to, "payload", text);
    assertThat(r.ok()).as(r.text()).isTrue();
    return r.json().path("messageId").asText();
  }

  /** The message's state as its sender sees it (reading an inbox would mark it read). */
  private String status(String messageId) {
    MeshHttp.Response r = http.call("/messages/status", "peerId", "cli", "messageIds", java.util.List.of(messageId));
    return r.json().path("receipts").path(0).path("status").asText();
  }

  private static String context(CliRun.Result r) throws Exception {
    return Json.MAPPER.readTree(r.out()).path("hookSpecificOutput").path("additionalContext").asText();
  }

  @Test
  void claudeCodeGetsItsOwnSessionsMessagesOnceAsAdditionalContext() throws Exception {
    String a = register("agent-a", 101, false).path("peerId").asText();
    String b = register("agent-b", 201, false).path("peerId").asText();
    String forA = send(a, "for A: the API moved to v2");
    String forB = send(b, "for B only");
    CliRun.Result r = cli.stdin("{\"hook_event_name\":\"UserPromptSubmit\",\"cwd\":\"/work/agent-a\",\"prompt\":\"go\"}")
        .run("hook", "claude-code");
    assertThat(r.code()).isZero();
    JsonNode out = Json.MAPPER.readTree(r.out());
    assertThat(out.path("hookSpecificOutput").path("hookEventName").asText()).isEqualTo("UserPromptSubmit");
    assertThat(context(r)).contains("1 new message for this session (agent-a)").contains("for A: the API moved to v2")
        .doesNotContain("for B only");
    assertThat(status(forA)).isEqualTo("read");
    assertThat(status(forB)).isNotEqualTo("read");

    CliRun.Result again = cli.stdin("{\"hook_event_name\":\"UserPromptSubmit\"}").run("hook", "claude-code");
    assertThat(again.code()).isZero();
    assertThat(again.out()).isEmpty();
  }

  @Test
  void sessionStartAndCodexUseTheSameShape() throws Exception {
    String a = register("agent-a", 101, false).path("peerId").asText();
    send(a, "first");
    CliRun.Result start = cli.stdin("{\"hook_event_name\":\"SessionStart\",\"source\":\"startup\"}").run("hook", "claude-code");
    assertThat(Json.MAPPER.readTree(start.out()).path("hookSpecificOutput").path("hookEventName").asText())
        .isEqualTo("SessionStart");
    assertThat(context(start)).contains("first");
    send(a, "second");
    CliRun.Result codex = cli.stdin("{\"hook_event_name\":\"UserPromptSubmit\",\"turn_id\":\"t1\",\"model\":\"m\"}")
        .run("hook", "codex");
    assertThat(context(codex)).contains("second").doesNotContain("first");
  }

  @Test
  void cursorStopSubmitsTheMessagesAsAFollowUpOnlyForACompletedTurn() throws Exception {
    String a = register("agent-a", 101, false).path("peerId").asText();
    String m = send(a, "check the failing test");
    CliRun.Result aborted = cli.stdin("{\"hook_event_name\":\"stop\",\"status\":\"aborted\",\"loop_count\":0}")
        .run("hook", "cursor");
    assertThat(aborted.out()).isEqualTo("{}\n");
    assertThat(status(m)).isNotEqualTo("read");
    CliRun.Result done = cli.stdin("{\"hook_event_name\":\"stop\",\"status\":\"completed\",\"loop_count\":0,"
        + "\"workspace_roots\":[\"/work/agent-a\"]}").run("hook", "cursor");
    assertThat(done.code()).isZero();
    assertThat(Json.MAPPER.readTree(done.out()).path("followup_message").asText()).contains("check the failing test");
    assertThat(cli.stdin("{\"hook_event_name\":\"stop\",\"status\":\"completed\"}").run("hook", "cursor").out())
        .isEqualTo("{}\n");
  }

  @Test
  void eventsThatCannotShowTextAndUnknownSessionsLeaveMessagesUnread() throws Exception {
    String a = register("agent-a", 101, false).path("peerId").asText();
    String m = send(a, "keep me");
    assertThat(cli.stdin("{\"hook_event_name\":\"PostToolUse\"}").run("hook", "claude-code").out()).isEmpty();
    FakeProcesses stranger = new FakeProcesses(5001, 5000).add(5000, 1, "sh");
    CliRun.Result lost = cli.processes(stranger).stdin("{\"hook_event_name\":\"UserPromptSubmit\"}").run("hook", "claude-code");
    assertThat(lost.code()).isZero();
    assertThat(lost.out()).isEmpty();
    assertThat(lost.err()).contains("no registered SLM Mesh session among this hook's parent processes");
    assertThat(status(m)).isNotEqualTo("read");
  }

  @Test
  void aCredentialedSessionIsReadThroughTheCredentialFileItsMcpServerWrites() throws Exception {
    JsonNode reg = register("agent-a", 101, true);
    String a = reg.path("peerId").asText();
    String credential = reg.path("credential").asText();
    String m = send(a, "behind a credential");
    CliRun.Result without = cli.stdin("{\"hook_event_name\":\"UserPromptSubmit\"}").run("hook", "claude-code");
    assertThat(without.code()).isZero();
    assertThat(without.out()).isEmpty();
    assertThat(without.err()).contains("Invalid or missing credential for peer " + a);
    assertThat(status(m)).isNotEqualTo("read");

    Files.writeString(PeerCredentials.file(daemon.config().files(), a), credential);
    CliRun.Result with = cli.stdin("{\"hook_event_name\":\"UserPromptSubmit\"}").run("hook", "claude-code");
    assertThat(context(with)).contains("behind a credential");
    assertThat(status(m)).isEqualTo("read");
  }
}
