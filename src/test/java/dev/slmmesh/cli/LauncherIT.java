package dev.slmmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.config.Config;
import dev.slmmesh.daemon.BrokerDaemon;
import dev.slmmesh.testkit.BrokerProcess;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.MeshHttp;
import dev.slmmesh.wire.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code bin/slm-mesh}: archive, clean stdout, MCP with no argument, a hook end to end.
 */
class LauncherIT {
  private static final Path LAUNCHER = Path.of("bin/slm-mesh").toAbsolutePath();

  @TempDir(factory = FakePeer.ShortTempDir.class)
  static Path shared;

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", dir.toString());
    env.put("SLM_MESH_DATA_DIR", dir.resolve("d").toString());
    env.put("SLM_MESH_CDS_DIR", shared.resolve("cds").toString());
    env.put("SLM_MESH_IDLE_MS", "3000");
    return env;
  }

  private record Run(int code, String out, String err) {}

  private Run run(Map<String, String> env, String... args) throws Exception {
    return runLauncher(LAUNCHER, env, args);
  }

  private static List<String> concat(String first, String... rest) {
    List<String> all = new java.util.ArrayList<>(List.of(first));
    all.addAll(List.of(rest));
    return all;
  }

  @Test
  void trainsAnArchiveOnceAndKeepsJvmMessagesOffStdout() throws Exception {
    Run first = run(env(), "version");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).startsWith("slm-mesh ").contains("protocol " + Config.VERSION);
    assertThat(processesNaming(shared.resolve("cds").toString()))
        .as("the training run leaves no process behind (its broker, its MCP session)")
        .isEmpty();
    Path cds = shared.resolve("cds");
    try (Stream<Path> files = Files.list(cds)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .anyMatch(n -> n.matches("cli-[0-9a-f]{16}-[0-9][0-9.+a-zA-Z-]*\\.(jsa|aot)"))
          .anyMatch(n -> n.matches("broker-[0-9a-f]{16}-[0-9][0-9.+a-zA-Z-]*\\.(jsa|aot)"))
          .anyMatch(n -> n.matches("mcp-[0-9a-f]{16}-[0-9][0-9.+a-zA-Z-]*\\.(jsa|aot)"));
    }
    Run second = run(env(), "version");
    assertThat(second.out()).isEqualTo(first.out());
    assertThat(second.err()).doesNotContain("creating the class-data archive");

    Run doctor = run(env(), "doctor", "--json");
    assertThat(doctor.code()).isEqualTo(ExitCode.UNREACHABLE);
    JsonNode checks = Json.MAPPER.readTree(doctor.out()).path("checks");
    JsonNode archive = null;
    for (JsonNode c : checks) {
      if (c.path("name").asText().equals("class-data archive")) {
        archive = c;
      }
    }
    assertThat(archive).isNotNull();
    assertThat(archive.path("status").asText()).as(archive.toString()).isEqualTo("ok");
  }

  /**
   * Live processes whose environment or command line names {@code path} (Linux /proc: the
   * launcher's {@code SLM_MESH_CDS_DIR}, the training's archive-output flags); each is killed.
   */
  private static List<Long> processesNaming(String path) {
    List<ProcessHandle> found =
        ProcessHandle.allProcesses()
            .filter(p -> p.pid() != ProcessHandle.current().pid())
            .filter(
                p ->
                    procText(p.pid(), "environ").contains(path)
                        || procText(p.pid(), "cmdline").contains(path))
            .toList();
    found.forEach(ProcessHandle::destroyForcibly); // never leave one running after the test
    return found.stream().map(ProcessHandle::pid).toList();
  }

  private static String procText(long pid, String file) {
    try {
      return Files.readString(
          Path.of("/proc", Long.toString(pid), file), StandardCharsets.ISO_8859_1);
    } catch (java.io.IOException | RuntimeException e) {
      return ""; // gone, or not ours to read
    }
  }

  @Test
  void withNoArgumentAndAPipeOnStdinItIsTheMcpServer() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString());
    pb.environment().putAll(env());
    pb.redirectError(dir.resolve("mcp.err").toFile());
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream();
        BufferedReader out =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      in.write(
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}\n"
              .getBytes(StandardCharsets.UTF_8));
      in.flush();
      JsonNode reply = Json.MAPPER.readTree(out.readLine());
      assertThat(reply.path("id").asInt()).isEqualTo(1);
      assertThat(reply.path("result").path("tools").size()).isPositive();
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(Files.readString(dir.resolve("mcp.err")))
        .as("the launcher's and server's stderr")
        .isEmpty();
  }

  /** A broker that an MCP server starts uses the broker's archive: about 250 ms sooner up. */
  @Test
  void aBrokerStartedByAnMcpServerUsesTheClassDataArchive() throws Exception {
    Map<String, String> env = env();
    env.put("SLM_MESH_PORT", Integer.toString(BrokerProcess.freePort()));
    ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "mcp");
    pb.environment().putAll(env);
    pb.redirectError(dir.resolve("mcp.err").toFile())
        .redirectOutput(dir.resolve("mcp.out").toFile());
    Process mcp = pb.start();
    Path pidFile = dir.resolve("d").resolve("broker.pid");
    long broker = -1;
    try (OutputStream in = mcp.getOutputStream()) {
      in.write(
          ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                  + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n"
                  + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n")
              .getBytes(StandardCharsets.UTF_8));
      in.flush();
      Path log = dir.resolve("d").resolve("mcp.log");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.exists(log) && Files.readString(log).contains("Registered as"));
      broker = Long.parseLong(Files.readString(pidFile).trim());
      String argv =
          Files.readString(Path.of("/proc", Long.toString(broker), "cmdline")).replace('\0', ' ');
      assertThat(argv)
          .contains(" start")
          .containsPattern("-XX:(SharedArchiveFile|AOTCache)=\\S+/broker-\\S+\\.(jsa|aot) ");
      assertThat(Files.readString(dir.resolve("d").resolve("broker.log")))
          .doesNotContainIgnoringCase("cds");
    } finally {
      mcp.destroy();
      mcp.waitFor(30, TimeUnit.SECONDS);
      if (broker > 0) {
        ProcessHandle.of(broker).ifPresent(ProcessHandle::destroy);
      }
    }
  }

  @Test
  void aHookRunByAnAgentShowsThatAgentsMessages() throws Exception {
    Path data = dir.resolve("d");
    BrokerDaemon daemon = BrokerDaemon.start(Config.defaults(data).withPort(0));
    try {
      Path script = dir.resolve("agent.sh");
      Files.writeString(
          script,
          String.join(
              "\n",
              "#!/bin/bash",
              "# a stand-in agent: starts its MCP server and, later, a hook, both as its children",
              "mkfifo \"$W/mcp.in\"",
              "\"$LAUNCHER\" mcp < \"$W/mcp.in\" > \"$W/mcp.out\" 2> \"$W/mcp.err\" &",
              "mcp=$!",
              "exec 3> \"$W/mcp.in\"",
              "printf '%s\\n' '"
                  + INITIALIZE
                  + "' '{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}' >&3",
              "for i in $(seq 1 1200); do [ -f \"$W/go\" ] && break; sleep 0.05; done",
              "\"$LAUNCHER\" hook claude-code < \"$W/input.json\" > \"$W/out.json\" 2> \"$W/hook.err\"",
              "echo $? > \"$W/done\"",
              "exec 3>&-",
              "wait $mcp",
              ""));
      Files.writeString(
          dir.resolve("input.json"),
          "{\"hook_event_name\":\"UserPromptSubmit\",\"session_id\":\"s\",\"cwd\":\""
              + dir
              + "\",\"prompt\":\"hi\"}");
      Map<String, String> env = env();
      env.put("W", dir.toString());
      env.put("LAUNCHER", LAUNCHER.toString());
      env.put("SLM_MESH_PORT", Integer.toString(daemon.port()));
      ProcessBuilder pb = new ProcessBuilder("bash", script.toString());
      pb.environment().putAll(env);
      pb.redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
      Process agent = pb.start();
      try {
        // the agent's MCP server registers itself and keeps its session directory (docs/hooks.md)
        Path peerFile =
            data.resolve("sessions").resolve(Long.toString(agent.pid())).resolve("peer");
        await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(peerFile));
        String peer = Files.readAllLines(peerFile).get(0);
        MeshHttp http = new MeshHttp(daemon.port(), daemon.token());
        String other =
            http.call(
                    "/register",
                    "projectPath",
                    dir.toString(),
                    "pid",
                    ProcessHandle.current().pid(),
                    "name",
                    "someone-else")
                .json()
                .path("peerId")
                .asText();
        assertThat(
                http.call(
                        "/send",
                        "fromPeer",
                        "cli",
                        "toPeer",
                        peer,
                        "payload",
                        "ship it after lunch")
                    .ok())
            .isTrue();
        assertThat(
                http.call("/send", "fromPeer", "cli", "toPeer", other, "payload", "not yours").ok())
            .isTrue();
        Path inbox = peerFile.resolveSibling("inbox");
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  try (var files = Files.list(inbox)) {
                    return files.findAny().isPresent();
                  }
                });
        Files.writeString(dir.resolve("go"), "");
        await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(dir.resolve("done")));
        assertThat(Files.readString(dir.resolve("done")).trim()).isEqualTo("0");
        String out = Files.readString(dir.resolve("out.json"));
        JsonNode reply = Json.MAPPER.readTree(out);
        assertThat(reply.path("hookSpecificOutput").path("additionalContext").asText())
            .as(Files.readString(dir.resolve("hook.err")))
            .contains("ship it after lunch")
            .doesNotContain("not yours");
        assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
      } finally {
        agent.destroyForcibly();
      }
    } finally {
      daemon.close();
    }
  }

  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
          + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"agent\",\"version\":\"1\"}}}";

  @Test
  void aRebuildThatLeavesTheJarsContentAsItWasKeepsItsArchiveInUse() throws Exception {
    Path launcher = launcherCopy("rebuilt");
    Path jar =
        Files.createDirectories(launcher.getParent().resolveSibling("target"))
            .resolve("slm-mesh.jar");
    Files.copy(BrokerProcess.jar(), jar);
    Map<String, String> env = env();
    env.remove("SLM_MESH_CDS_DIR"); // target/cds beside this copy of the jar
    Run trained = runLauncher(launcher, env, "version");
    assertThat(trained.code()).as(trained.err()).isZero();
    assertThat(trained.err()).contains("creating the class-data archive");
    // what a second `mvn package` does: the same bytes, written again
    Files.setLastModifiedTime(
        jar, java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(60)));
    Run doctor = runLauncher(launcher, env, "doctor", "--json");
    // the launcher's JVMs print warnings on stderr: a rejected archive says so there
    assertThat(doctor.err())
        .doesNotContain("creating the class-data archive")
        .doesNotContain("Unable to use shared archive");
    JsonNode archive = null;
    for (JsonNode c : Json.MAPPER.readTree(doctor.out()).path("checks")) {
      if (c.path("name").asText().equals("class-data archive")) {
        archive = c;
      }
    }
    assertThat(archive).isNotNull();
    assertThat(archive.path("status").asText()).as(archive.toString()).isEqualTo("ok");
  }

  /** bin/slm-mesh copied into {@code <dir>/<name>/bin}, a checkout of its own without a jar. */
  private Path launcherCopy(String name) throws java.io.IOException {
    Path launcher = Files.createDirectories(dir.resolve(name).resolve("bin")).resolve("slm-mesh");
    Files.copy(LAUNCHER, launcher);
    return launcher;
  }

  private Run runLauncher(Path launcher, Map<String, String> env, String... args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(concat(launcher.toString(), args));
    pb.environment().putAll(env);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void theFirstRunsBuildPrintsNoTerminalEscapeCodes() throws Exception {
    Path launcher = launcherCopy("repo");
    Path fakeMaven = Files.createDirectories(dir.resolve("maven/bin")).resolve("mvn");
    // what Maven 3.8 prints in batch mode, then the jar it would build
    Files.writeString(
        fakeMaven,
        "#!/bin/sh\nprintf '\\033[0m\\033[0m'\nmkdir -p target\ncp '"
            + BrokerProcess.jar()
            + "' target/slm-mesh.jar\nprintf '\\033[0m\\033[0m'\n");
    fakeMaven.toFile().setExecutable(true);
    Map<String, String> env = env();
    env.put("PATH", fakeMaven.getParent() + ":" + System.getenv("PATH"));
    env.put("SLM_MESH_CDS", "off");
    ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "version");
    pb.environment().putAll(env);
    Path err = dir.resolve("build.err");
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(dir.resolve("build.out").toFile())
        .redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(err)).isZero();
    assertThat(Files.readString(err)).contains("building").doesNotContain("\u001b");
  }

  @Test
  void failsClearlyWithoutAJava17() throws Exception {
    Path fakeJdk = Files.createDirectories(dir.resolve("jdk11/bin"));
    Files.writeString(dir.resolve("jdk11/release"), "JAVA_VERSION=\"11.0.2\"\n");
    Path java = fakeJdk.resolve("java");
    Files.writeString(java, "#!/bin/sh\nexit 0\n");
    java.toFile().setExecutable(true);
    Map<String, String> env = env();
    env.put("JAVA_HOME", dir.resolve("jdk11").toString());
    env.put("PATH", fakeJdk + ":/usr/bin:/bin");
    Run r = run(env, "version");
    // the JDKs under /usr/lib/jvm may still provide a Java 17: then it must be chosen over 11
    if (r.code() == 0) {
      assertThat(r.out()).startsWith("slm-mesh ").contains("protocol " + Config.VERSION);
    } else {
      assertThat(r.err()).contains("no Java 17 or newer found");
    }
  }

  /** A stand-in JDK whose java prints its own name and arguments instead of running anything. */
  private Path fakeJdk(String name, String version) throws Exception {
    Path home = Files.createDirectories(dir.resolve("jdks").resolve(name));
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"" + name + " $*\"\n");
    java.toFile().setExecutable(true);
    return home;
  }

  @Test
  void choosesSlmMeshJavaThenJavaHomeThenTheNewestJava() throws Exception {
    Path newest = fakeJdk("newest", "99.0.1");
    Path home = fakeJdk("home", "18.0.2");
    Path chosen = fakeJdk("chosen", "17.0.9");
    Path old = fakeJdk("old", "11.0.2");
    Map<String, String> env = env();
    env.put("SLM_MESH_CDS", "off"); // no training run with a stand-in java
    env.remove("JAVA_HOME");
    env.put("PATH", newest.resolve("bin") + ":/usr/bin:/bin");
    // newer than any Java under /usr/lib/jvm: the PATH's is the newest
    assertThat(run(env, "version").out())
        .startsWith("newest ")
        .contains(" -jar ")
        .endsWith("version\n");
    // an older one on the PATH loses to a newer one under /usr/lib/jvm (Debian's 17.0.x here)
    Path older = fakeJdk("older", "17.0.1");
    env.put("PATH", older.resolve("bin") + ":/usr/bin:/bin");
    if (Files.isExecutable(Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java"))) {
      assertThat(run(env, "version").out())
          .startsWith("slm-mesh ")
          .contains("protocol " + Config.VERSION);
    }
    env.put("JAVA_HOME", home.toString());
    assertThat(run(env, "version").out()).as("JAVA_HOME with a Java 17+ wins").startsWith("home ");
    env.put("SLM_MESH_JAVA", chosen.toString());
    assertThat(run(env, "version").out()).as("SLM_MESH_JAVA wins").startsWith("chosen ");
    env.put("SLM_MESH_JAVA", chosen.resolve("bin/java").toString());
    assertThat(run(env, "version").out()).as("a binary works too").startsWith("chosen ");
    env.put("SLM_MESH_JAVA", old.toString());
    Run refused = run(env, "version");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err()).contains("SLM_MESH_JAVA=" + old, "not a Java 17 or newer");
  }
}
