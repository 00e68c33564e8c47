package dev.slmmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.config.Config;
import dev.slmmesh.config.SecureFiles;
import dev.slmmesh.daemon.BrokerDaemon;
import dev.slmmesh.testkit.BrokerProcess;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.MeshHttp;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stop} and {@code clean} with real processes: only ours are signalled. */
class ProcessIT {
  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  private final List<Process> spawned = new ArrayList<>();

  @AfterEach
  void killLeftovers() throws InterruptedException {
    for (Process p : spawned) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private CliRun cli(Path data, int port, Config base) throws IOException {
    Path home = Files.createDirectories(dir.resolve("h"));
    Config config = base.withPort(port).withEnvironment(Map.of("HOME", home.toString()));
    return new CliRun(config, home).tmp(dir);
  }

  private Process spawn(Map<String, String> env, String... command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("HOME", dir.resolve("h").toString());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(outputOf(spawned.size()).toFile());
    Process p = pb.start();
    spawned.add(p);
    return p;
  }

  /** stdout and stderr of the {@code index}-th spawned process. */
  private Path outputOf(int index) {
    return dir.resolve("spawned-" + index + ".log");
  }

  @Test
  void stopSignalsARealBrokerProvenToBeThisDirectorysAndWaitsForIt() throws Exception {
    Path data = dir.resolve("d");
    int port = BrokerProcess.freePort();
    try (BrokerProcess broker = BrokerProcess.start(data, port, "broker", Map.of())) {
      CliRun cli = cli(data, port, Config.defaults(data));
      await().atMost(Duration.ofSeconds(30)).until(() -> cli.run("status").code() == 0);
      CliRun.Result r = cli.run("stop");
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.out()).isEqualTo("Broker (PID " + broker.pid() + ") stopped.\n");
      assertThat(broker.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(cli.run("status").code()).isEqualTo(ExitCode.UNREACHABLE);
    }
  }

  @Test
  void cleanStopsAnUnregisteredMcpServerOfThisDirectoryButNoImpostorAndNoRegisteredOne()
      throws Exception {
    Path data = dir.resolve("d");
    BrokerDaemon daemon = BrokerDaemon.start(Config.defaults(data).withPort(0));
    try {
      Map<String, String> env =
          Map.of(
              "SLM_MESH_DATA_DIR",
              data.toString(),
              "SLM_MESH_PORT",
              Integer.toString(daemon.port()));
      String java = BrokerProcess.java();
      String jar = BrokerProcess.jar().toString();
      Process orphan = spawn(env, java, "-XX:TieredStopAtLevel=1", "-jar", jar, "mcp");
      Process registered = spawn(env, java, "-XX:TieredStopAtLevel=1", "-jar", jar, "mcp");
      Process otherDir =
          spawn(
              Map.of("SLM_MESH_DATA_DIR", dir.resolve("other").toString()),
              java,
              "-XX:TieredStopAtLevel=1",
              "-jar",
              jar,
              "mcp");
      Process impostor = spawn(env, "bash", "-c", "sleep 60", "slm-mesh-mcp", "mcp");
      Files.writeString(data.resolve("broker.log"), "");
      Process tail = spawn(env, "tail", "-f", data.resolve("broker.log").toString());
      MeshHttp http = new MeshHttp(daemon.port(), daemon.token());
      assertThat(http.call("/register", "projectPath", "/r", "pid", registered.pid()).ok())
          .isTrue();

      Config quickGrace =
          Config.defaults(data)
              .withTimers(
                  Config.HEARTBEAT, Duration.ofMillis(100), Duration.ofMillis(200), Config.IDLE);
      CliRun cli = cli(data, daemon.port(), quickGrace);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  cli.run("clean", "--dry-run", "--json")
                      .out()
                      .contains("\"killedPids\":[" + orphan.pid() + "]"));
      CliRun.Result r = cli.run("clean", "--json");
      assertThat(r.code()).as(r.toString()).isZero();
      JsonNode doc = Json.MAPPER.readTree(r.out());
      assertThat(doc.path("killedPids").toString()).isEqualTo("[" + orphan.pid() + "]");
      assertThat(orphan.waitFor(15, TimeUnit.SECONDS)).isTrue();
      for (Process p : List.of(registered, otherDir, impostor, tail)) {
        assertThat(p.isAlive()).as("pid " + p.pid()).isTrue();
      }
    } finally {
      daemon.close();
    }
  }

  /**
   * Setting up logging costs a CLI command about 45 ms (docs/performance.md), so a command that has
   * nothing to log never does; one that has still logs. {@code status} binds no records either.
   */
  @Test
  void aCliCommandSetsUpLoggingOnlyWhenItHasSomethingToLog() throws Exception {
    Path data = dir.resolve("d");
    BrokerDaemon daemon = BrokerDaemon.start(Config.defaults(data).withPort(0));
    try {
      Map<String, String> env =
          Map.of(
              "SLM_MESH_DATA_DIR",
              data.toString(),
              "SLM_MESH_PORT",
              Integer.toString(daemon.port()));
      Status quiet = status(env, "quiet");
      assertThat(quiet.classes())
          .contains("dev.slmmesh.cli.")
          .doesNotContain("org.slf4j.LoggerFactory")
          // nor Jackson's data binding: the answer is read with the streaming parser (about 400
          // classes fewer, docs/performance.md)
          .contains("com.fasterxml.jackson.core.JsonFactory")
          .doesNotContain("com.fasterxml.jackson.databind.");
      assertThat(quiet.output()).contains("Status:      ok");

      Map<String, String> odd = new java.util.HashMap<>(env);
      odd.put("SLM_MESH_HEARTBEAT_MS", "soon");
      Status warned = status(odd, "warned");
      assertThat(warned.classes()).contains("org.slf4j.LoggerFactory");
      assertThat(warned.output()).contains("SLM_MESH_HEARTBEAT_MS=\"soon\" is not an integer");
    } finally {
      daemon.close();
    }
  }

  @Test
  void anotherDirectorysBrokerOnThePortIsNamedAsSuchAndStatusStartSaysWhatItStarts()
      throws Exception {
    BrokerDaemon other = BrokerDaemon.start(Config.defaults(dir.resolve("other")).withPort(0));
    Path data = dir.resolve("mine");
    try {
      Map<String, String> env =
          Map.of(
              "SLM_MESH_DATA_DIR",
              data.toString(),
              "SLM_MESH_PORT",
              Integer.toString(other.port()),
              "SLM_MESH_IDLE_MS",
              "30000");
      Path peersOut = outputOf(spawned.size());
      Process peers =
          spawn(env, BrokerProcess.java(), "-jar", BrokerProcess.jar().toString(), "peers");
      assertThat(peers.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(peers.exitValue()).isEqualTo(ExitCode.UNREACHABLE);
      assertThat(Files.readString(peersOut))
          .isEqualTo(
              "Error: no broker runs for "
                  + data
                  + " (it has no broker.token); the broker on port "
                  + other.port()
                  + " belongs to another data"
                  + " directory. Start this one's with 'slm-mesh start', or set SLM_MESH_DATA_DIR to the other's\n");

      Path startOut = outputOf(spawned.size());
      Process start =
          spawn(
              env,
              BrokerProcess.java(),
              "-jar",
              BrokerProcess.jar().toString(),
              "status",
              "--start");
      assertThat(start.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String printed = Files.readString(startOut);
      assertThat(start.exitValue()).as(printed).isZero();
      assertThat(printed)
          .startsWith(
              "No broker runs for "
                  + data
                  + "; starting one in the background (log: "
                  + data.resolve("broker.log")
                  + ")...\nStatus:      ok\n")
          .doesNotContain("-jar")
          .doesNotContain("[INFO]")
          .doesNotContain("No broker answers");
      assertThat(Files.readString(data.resolve("broker.log"))).doesNotContain("Ctrl-C");
    } finally {
      SecureFiles.read(data.resolve("broker.pid"))
          .map(String::trim)
          .map(Long::parseLong)
          .flatMap(ProcessHandle::of)
          .ifPresent(ProcessHandle::destroy);
      other.close();
    }
  }

  /** What {@code status} printed and the classes its JVM loaded. */
  private record Status(String output, String classes) {}

  /** Runs {@code status} in a JVM of its own, with its class loading logged. */
  private Status status(Map<String, String> env, String name) throws Exception {
    Path classes = dir.resolve(name + ".classes");
    Path output = outputOf(spawned.size());
    Process p =
        spawn(
            env,
            BrokerProcess.java(),
            "-XX:TieredStopAtLevel=1",
            "-Xlog:class+load=info:file=" + classes,
            "-jar",
            BrokerProcess.jar().toString(),
            "status");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(output)).isZero();
    return new Status(Files.readString(output), Files.readString(classes));
  }
}
