package dev.slmmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.testkit.BrokerProcess;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.wire.Json;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real {@code bin/slm-mesh} on each kind of Java it supports: on 17-24 class-data archives
 * ({@code .jsa}), on 25+ ahead-of-time caches ({@code .aot}); one per role (the broker, the MCP
 * server, the CLI), all made once by one training run, each used by its own role (also by a broker
 * that a client starts), made again when the jar changes, and a damaged one reported once and left
 * out without stopping anything. The Java is chosen with {@code SLM_MESH_JAVA}; a kind this machine
 * lacks (Java 25 is not in Debian 12) is skipped with the reason.
 */
class LauncherArchiveIT {
  private static final List<String> ROLES = List.of("broker", "mcp", "cli");

  /**
   * A class that only the role of each archive loads: the broker's server, the MCP server, the
   * CLI's output formats.
   */
  private static final Map<String, String> OWN_CLASS =
      Map.of(
          "broker", "org.eclipse.jetty.server.Server",
          "mcp", "dev.slmmesh.mcp.McpMain",
          "cli", "dev.slmmesh.cli.Formats");

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  private record Run(int code, String out, String err) {}

  @ParameterizedTest(name = "Java {0}")
  @ValueSource(ints = {17, 25})
  void eachRoleHasAnArchiveOfItsOwnMadeOnceUsedAndMadeAgainForANewJar(int kind) throws Exception {
    Path home = javaHome(kind);
    String ext = kind >= 25 ? "aot" : "jsa";
    Path launcher = Files.createDirectories(dir.resolve("repo").resolve("bin")).resolve("slm-mesh");
    Files.copy(Path.of("bin/slm-mesh").toAbsolutePath(), launcher);
    Path jar =
        Files.createDirectories(dir.resolve("repo").resolve("target")).resolve("slm-mesh.jar");
    Files.copy(BrokerProcess.jar(), jar);
    Path cds = dir.resolve("repo").resolve("target").resolve("cds");
    Map<String, String> env = new HashMap<>();
    env.put("HOME", dir.toString());
    env.put("SLM_MESH_DATA_DIR", dir.resolve("d").toString());
    env.put("SLM_MESH_JAVA", home.toString());
    env.put("SLM_MESH_IDLE_MS", "0");

    // made once, by the first run, for this Java: one archive per role
    Run first = run(launcher, env, "doctor", "--json");
    assertThat(first.err()).contains("creating the class-data archive");
    Map<String, Path> archives = archives(cds, ext);
    JsonNode doctor = checks(first);
    assertThat(doctor.path("java").path("detail").asText())
        .startsWith(Integer.toString(kind))
        .contains(home.toString());
    assertThat(doctor.path("class-data archive").path("status").asText())
        .as(doctor.toString())
        .isEqualTo("ok");
    assertThat(doctor.path("class-data archive").path("detail").asText())
        .as("the CLI uses the CLI's archive")
        .isEqualTo(archives.get("cli").toString());

    // each maps when the JVM is told to fail without it, and holds its own role's classes only
    for (String role : ROLES) {
      String held = heldClasses(home, kind, jar, archives.get(role));
      for (String other : ROLES) {
        assertThat(held.contains(" " + OWN_CLASS.get(other) + " "))
            .as(role + "'s archive holding " + OWN_CLASS.get(other))
            .isEqualTo(other.equals(role));
      }
    }

    // used by the next runs without training again; the broker and the MCP server map their own
    Run second = run(launcher, env, "version");
    assertThat(second.code()).isZero();
    assertThat(second.err()).as("no training and no JVM message on stderr").isEmpty();
    assertOnlyOwn(mappedByBroker(launcher, env), "broker", archives);
    assertOnlyOwn(mappedByMcpServer(launcher, env), "mcp", archives);
    // and a broker that a client starts (status --start; an MCP server starts one the same way)
    assertOnlyOwn(mappedByStartedBroker(launcher, env, "d2"), "broker", archives);
    try (Stream<Path> files = Files.list(cds)) {
      assertThat(files.map(Path::toString))
          .as("no process found its archive unmapped")
          .noneMatch(f -> f.endsWith(".unusable"));
    }

    // a jar with other content gets archives of its own; the old ones go
    addEntry(jar, "changed.txt");
    Run rebuilt = run(launcher, env, "doctor", "--json");
    assertThat(rebuilt.err()).contains("creating the class-data archive");
    Map<String, Path> next = archives(cds, ext);
    assertThat(next.get("cli")).isNotEqualTo(archives.get("cli"));
    assertThat(checks(rebuilt).path("class-data archive").path("detail").asText())
        .isEqualTo(next.get("cli").toString());

    // a damaged archive stops nothing (a truncated one would crash Java 17): said once, then left
    // out
    truncate(next.get("cli"));
    Run damaged = run(launcher, env, "version");
    assertThat(damaged.code()).as(damaged.err()).isZero();
    assertThat(damaged.out()).isEqualTo(second.out());
    assertThat(damaged.err()).contains("running without it").hasLineCount(1);
    Run after = run(launcher, env, "doctor", "--json");
    assertThat(after.err()).isEmpty();
    assertThat(checks(after).path("class-data archive").path("status").asText()).isEqualTo("warn");
    assertThat(Files.exists(Path.of(next.get("cli") + ".unusable"))).isTrue();
    // also the broker's, which a client passes on to the broker it starts
    truncate(next.get("broker"));
    String maps = mappedByStartedBroker(launcher, env, "d3");
    assertThat(maps).doesNotContain(next.get("broker").toString());
    assertThat(Files.exists(Path.of(next.get("broker") + ".unusable"))).isTrue();
  }

  private static void assertOnlyOwn(String maps, String role, Map<String, Path> archives) {
    for (String other : ROLES) {
      assertThat(maps.contains(archives.get(other).toString()))
          .as("the " + role + " maps " + archives.get(other))
          .isEqualTo(other.equals(role));
    }
  }

  /**
   * The classes {@code archive} holds, as the JVM lists them; it fails (and so does this) when the
   * JVM cannot map the archive ({@code -Xshare:on}, {@code -XX:AOTMode=on}).
   */
  private String heldClasses(Path home, int kind, Path jar, Path archive) throws Exception {
    List<String> cmd =
        new ArrayList<>(List.of(home.resolve("bin/java").toString(), "-XX:+UseSerialGC"));
    if (kind >= 25) {
      cmd.addAll(
          List.of(
              "--enable-native-access=ALL-UNNAMED", "-XX:AOTMode=on", "-XX:AOTCache=" + archive));
    } else {
      cmd.addAll(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive));
    }
    cmd.addAll(List.of("-XX:+PrintSharedArchiveAndExit", "-jar", jar.toString(), "version"));
    Path out = Files.createTempFile(dir, "held", ".txt");
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(out.toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String listing = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(archive + " maps:\n" + listing).isZero();
    return listing;
  }

  private static void truncate(Path archive) throws IOException {
    byte[] bytes = Files.readAllBytes(archive);
    java.nio.file.attribute.FileTime made = Files.getLastModifiedTime(archive);
    Files.write(archive, java.util.Arrays.copyOf(bytes, bytes.length / 3));
    Files.setLastModifiedTime(archive, made); // what a copy that keeps times would leave
  }

  /**
   * A JDK of {@code kind} (17: 17-24; 25: 25 or later) under /usr/lib/jvm, else the test is
   * skipped.
   */
  private static Path javaHome(int kind) throws IOException {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
      for (Path h : homes.sorted().toList()) {
        int feature = feature(h);
        if (Files.isExecutable(h.resolve("bin/java"))
            && (kind >= 25 ? feature >= 25 : feature >= 17 && feature < 25)) {
          found.add(h.toRealPath());
        }
      }
    } catch (IOException e) {
      // no /usr/lib/jvm: skipped below
    }
    Assumptions.assumeFalse(
        found.isEmpty(),
        "no Java "
            + (kind >= 25 ? "25 or later" : "17-24")
            + " under /usr/lib/jvm: the launcher's "
            + (kind >= 25 ? "ahead-of-time cache" : "class-data archive")
            + " is not tested on this machine");
    return found.get(0);
  }

  private static int feature(Path home) {
    try {
      for (String line : Files.readAllLines(home.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=\"")) {
          String v = line.substring("JAVA_VERSION=\"".length());
          return Integer.parseInt(v.replaceFirst("[^0-9].*", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  /** The archive of each role, and nothing else of this kind in {@code cds}. */
  private static Map<String, Path> archives(Path cds, String ext) throws IOException {
    try (Stream<Path> files = Files.list(cds)) {
      Map<String, Path> byRole = new HashMap<>();
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith("." + ext)) {
          assertThat(name).matches("(broker|mcp|cli)-[0-9a-f]{16}-[0-9][0-9.+a-zA-Z-]*\\." + ext);
          assertThat(byRole.put(name.substring(0, name.indexOf('-')), f)).as(name).isNull();
        }
      }
      assertThat(byRole).containsOnlyKeys(ROLES);
      return byRole;
    }
  }

  private static JsonNode checks(Run doctor) throws IOException {
    Map<String, JsonNode> byName = new HashMap<>();
    for (JsonNode c : Json.MAPPER.readTree(doctor.out()).path("checks")) {
      byName.put(c.path("name").asText(), c);
    }
    return Json.MAPPER.valueToTree(byName);
  }

  /**
   * Starts {@code bin/slm-mesh start}, waits for its port file, returns its memory map, stops it.
   */
  private String mappedByBroker(Path launcher, Map<String, String> env) throws Exception {
    Map<String, String> brokerEnv = new HashMap<>(env);
    brokerEnv.put("SLM_MESH_PORT", Integer.toString(BrokerProcess.freePort()));
    ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "start");
    pb.environment().putAll(brokerEnv);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(dir.resolve("broker.out").toFile())
        .redirectError(dir.resolve("broker.err").toFile());
    Process broker = pb.start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> BrokerProcess.client(dir.resolve("d")).isPresent());
      assertThat(Files.readString(dir.resolve("broker.err"))).doesNotContain("could not be used");
      return Files.readString(Path.of("/proc", Long.toString(broker.pid()), "maps"));
    } finally {
      stop(broker.toHandle());
    }
  }

  /**
   * Starts {@code bin/slm-mesh mcp}, waits for its answer to {@code initialize}, returns its memory
   * map, ends the session.
   */
  private String mappedByMcpServer(Path launcher, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "mcp");
    pb.environment().putAll(env);
    pb.environment().put("SLM_MESH_PORT", Integer.toString(BrokerProcess.freePort()));
    // the session starts a broker of its own: it must go when the session has gone, even if the
    // stop below misses it (it writes its pid file only once it runs)
    pb.environment().put("SLM_MESH_IDLE_MS", "3000");
    pb.redirectError(dir.resolve("mcp.err").toFile());
    Process mcp = pb.start();
    try (var in = mcp.getOutputStream();
        var out =
            new java.io.BufferedReader(
                new java.io.InputStreamReader(mcp.getInputStream(), StandardCharsets.UTF_8))) {
      in.write(
          ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                  + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                  + "\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}\n")
              .getBytes(StandardCharsets.UTF_8));
      in.flush();
      assertThat(out.readLine()).contains("\"id\":1");
      assertThat(Files.readString(dir.resolve("mcp.err"))).doesNotContain("could not be used");
      return Files.readString(Path.of("/proc", Long.toString(mcp.pid()), "maps"));
    } finally {
      stop(mcp.toHandle());
      mcp.getInputStream().close();
      stopBrokerOf(Path.of(env.get("SLM_MESH_DATA_DIR")));
    }
  }

  /**
   * Runs {@code bin/slm-mesh status --start} on the data directory {@code data} (no broker there
   * yet), returns the memory map of the broker it started, stops that broker.
   */
  private String mappedByStartedBroker(Path launcher, Map<String, String> env, String data)
      throws Exception {
    Map<String, String> clientEnv = new HashMap<>(env);
    clientEnv.put("SLM_MESH_DATA_DIR", dir.resolve(data).toString());
    clientEnv.put("SLM_MESH_PORT", Integer.toString(BrokerProcess.freePort()));
    Run status = run(launcher, clientEnv, "status", "--start");
    Path pidFile = dir.resolve(data).resolve("broker.pid");
    Long pid = Files.exists(pidFile) ? Long.valueOf(Files.readString(pidFile).trim()) : null;
    try {
      assertThat(status.code()).as(status.err()).isZero();
      assertThat(pid).as("the broker's pid file").isNotNull();
      assertThat(Files.readString(dir.resolve(data).resolve("broker.log")))
          .doesNotContain("could not be used");
      return Files.readString(Path.of("/proc", Long.toString(pid), "maps"));
    } finally {
      if (pid != null) {
        ProcessHandle.of(pid).ifPresent(LauncherArchiveIT::stop);
      }
    }
  }

  /** Stops the broker whose pid file is in {@code data}, if one started there. */
  private static void stopBrokerOf(Path data) throws IOException {
    Path pidFile = data.resolve("broker.pid");
    if (Files.exists(pidFile)) {
      ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
          .ifPresent(LauncherArchiveIT::stop);
    }
  }

  private static void stop(ProcessHandle process) {
    process.destroy();
    try {
      process.onExit().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
    }
  }

  private static void addEntry(Path jar, String name) throws IOException {
    try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
      Files.writeString(zip.getPath(name), "another build\n");
    }
  }

  private Run run(Path launcher, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    pb.environment().remove("JAVA_HOME");
    pb.environment().remove("SLM_MESH_CDS_DIR");
    pb.environment().remove("SLM_MESH_CDS_ARCHIVE");
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
