package dev.slmmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.config.Config;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line without a broker: help, usage errors, version, and what "unreachable" looks
 * like.
 */
class CliTest {
  @TempDir Path home;
  private CliRun cli;
  private int deadPort;

  @BeforeEach
  void setUp() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    Config config =
        Config.defaults(home.resolve("data"))
            .withPort(deadPort)
            .withEnvironment(Map.of("HOME", home.toString()));
    cli = new CliRun(config, home);
  }

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    CliRun.Result r = cli.run("--help");
    assertThat(r.code()).isZero();
    for (String c : Commands.all().keySet()) {
      assertThat(r.out()).contains("\n  " + c + " ");
    }
    assertThat(r.out()).contains("Exit codes: 0 ok, 1 refused").contains("3 broker unreachable");
    assertThat(cli.run("help").out()).isEqualTo(r.out());
  }

  @Test
  void everyCommandHasUsefulHelp() {
    Commands.all().forEach((name, command) -> assertThat(command.spec().name()).isEqualTo(name));
    for (String c : Commands.all().keySet()) {
      CliRun.Result r = cli.run(c, "--help");
      assertThat(r.code()).as(c).isZero();
      assertThat(r.out())
          .as(c)
          .startsWith("Usage: slm-mesh " + c)
          .contains("Options:")
          .contains("--json");
      assertThat(cli.run("help", c).out()).isEqualTo(r.out());
      assertThat(cli.run("-h", c).out()).isEqualTo(r.out());
    }
  }

  @Test
  void versionShowsTheBuildAndTheProtocolEachLabelled() {
    String both =
        "slm-mesh \\d+\\.\\d+\\.\\d+\\S* \\(build\\)\nprotocol 1\\.2\\.2 \\(reported on /health, /status "
            + "and to MCP clients\\)\n";
    assertThat(cli.run("version").out()).matches(both);
    assertThat(cli.run("--version").out()).matches(both);
    assertThat(cli.run("version", "--json").out())
        .matches(
            "\\{\"ok\":true,\"version\":\""
                + Config.VERSION
                + "\",\"build\":\"\\d+\\.\\d+\\.\\d+\\S*\"}\n");
  }

  @Test
  void usageErrorsExitTwoWithOneLineOnStderr() {
    CliRun.Result unknown = cli.run("frobnicate");
    assertThat(unknown.code()).isEqualTo(ExitCode.USAGE);
    assertThat(unknown.out()).isEmpty();
    assertThat(unknown.err())
        .startsWith("Error: unknown command 'frobnicate'. Commands: status, peers");
    assertThat(cli.run("peers", "--nope").code()).isEqualTo(ExitCode.USAGE);
    assertThat(cli.run("--nope").code()).isEqualTo(ExitCode.USAGE);
    assertThat(cli.run("state", "fly", "k").code()).isEqualTo(ExitCode.USAGE);
    assertThat(cli.run("state", "get").code()).isEqualTo(ExitCode.USAGE);
    assertThat(cli.run("hook", "emacs").code()).isEqualTo(ExitCode.USAGE);
    assertThat(cli.run("hook", "claude-code", "{}").code()).isEqualTo(ExitCode.USAGE);
    assertThat(cli.run("events", "--limit", "0").code()).isEqualTo(ExitCode.USAGE);
    CliRun.Result ttl = cli.run("lock", "/tmp/x", "--ttl", "1441");
    assertThat(ttl.code()).isEqualTo(ExitCode.USAGE);
    assertThat(ttl.err()).isEqualTo("Error: --ttl must be between 1 and 1440, got 1441\n");
    CliRun.Result json = cli.run("send", "--json");
    assertThat(json.code()).isEqualTo(ExitCode.USAGE);
    assertThat(json.out()).startsWith("{\"ok\":false,\"error\":\"'send' needs more arguments");
  }

  @Test
  void anUnreachableBrokerExitsThreeInTextAndJson() throws IOException {
    for (String[] line :
        new String[][] {
          {"status"},
          {"peers"},
          {"send", "p", "hi"},
          {"state", "list"},
          {"lock", "list"},
          {"events"},
          {"inbox", "x"}
        }) {
      CliRun.Result r = cli.run(line);
      assertThat(r.code()).as(String.join(" ", line)).isEqualTo(ExitCode.UNREACHABLE);
      assertThat(r.err())
          .startsWith(
              "Error: broker unreachable: cannot connect to the broker at http://127.0.0.1:"
                  + deadPort);
    }
    CliRun.Result json = cli.run("status", "--json");
    JsonNode doc = Json.MAPPER.readTree(json.out());
    assertThat(doc.path("ok").asBoolean(true)).isFalse();
    assertThat(doc.path("error").asText()).contains("broker unreachable");
    assertThat(json.code()).isEqualTo(ExitCode.UNREACHABLE);
  }

  @Test
  void aHookNeverFailsTheAgentEvenWithoutABroker() {
    CliRun.Result claude =
        cli.stdin("{\"hook_event_name\":\"UserPromptSubmit\"}").run("hook", "claude-code");
    assertThat(claude.code()).isZero();
    assertThat(claude.out()).isEmpty();
    assertThat(claude.err()).isEmpty();
    CliRun.Result cursor =
        cli.stdin("{\"hook_event_name\":\"stop\",\"status\":\"completed\"}").run("hook", "cursor");
    assertThat(cursor.code()).isZero();
    assertThat(cursor.out()).isEmpty();
    CliRun.Result notify = cli.run("hook", "codex", "{\"type\":\"agent-turn-complete\"}");
    assertThat(notify.code()).isZero();
    assertThat(notify.out() + notify.err()).isEmpty();
  }

  @Test
  void stopWithoutAPidFileOrWithADeadPidExitsThree() throws IOException {
    CliRun.Result none = cli.run("stop");
    assertThat(none.code()).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(none.err()).contains("No broker PID file found");
    Files.createDirectories(home.resolve("data"));
    Files.writeString(home.resolve("data/broker.pid"), "424242");
    FakeProcesses table = new FakeProcesses(10, 1);
    CliRun.Result dead = cli.processes(table).run("stop", "--json");
    assertThat(dead.code()).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(dead.out()).contains("Broker process 424242 is not running (stale PID file");
    assertThat(table.terminated).isEmpty();
  }

  @Test
  void stopNeverSignalsAProcessThatIsNotProvenToBeOurBroker() throws IOException {
    Files.createDirectories(home.resolve("data"));
    Files.writeString(home.resolve("data/broker.pid"), "500");
    FakeProcesses editor = new FakeProcesses(10, 1).add(500, 1, "vim", "slm-mesh/README.md");
    CliRun.Result r = cli.processes(editor).run("stop");
    assertThat(r.code()).isEqualTo(ExitCode.REFUSED);
    assertThat(r.err()).contains("is not an SLM Mesh broker").contains("Not signalled");
    // looks like a broker, but no broker with this directory's token answers: still not signalled
    FakeProcesses lookalike =
        new FakeProcesses(10, 1).add(500, 1, "java", "-jar", "slm-mesh.jar", "start");
    CliRun.Result r2 = cli.processes(lookalike).run("stop");
    assertThat(r2.code()).isEqualTo(ExitCode.REFUSED);
    assertThat(r2.err()).contains("no broker answers with this data directory's token");
    assertThat(editor.terminated).isEmpty();
    assertThat(lookalike.terminated).isEmpty();
  }

  @Test
  void cleanTouchesNoProcessWhenTheBrokerCannotConfirmRegistrations() {
    FakeProcesses table =
        new FakeProcesses(10, 1)
            .add(600, 1, "java", "-jar", "slm-mesh.jar", "mcp")
            .env(600, Map.of("SLM_MESH_DATA_DIR", home.resolve("data").toString()));
    CliRun.Result r = cli.processes(table).tmp(home.resolve("tmp")).run("clean");
    assertThat(r.code()).isZero();
    assertThat(r.err()).contains("no process is stopped");
    assertThat(r.out()).contains("Done: 0 processes stopped, 0 stale sockets removed.");
    assertThat(table.terminated).isEmpty();
  }

  @Test
  void theForegroundBrokerRunsForStart() {
    CliRun.Result r = cli.run("start");
    assertThat(r.code()).isZero();
    assertThat(cli.foregroundRuns.get()).isEqualTo(1);
    assertThat(r.err())
        .as("the broker tells its own start; a refused second start says only that")
        .isEmpty();
  }
}
