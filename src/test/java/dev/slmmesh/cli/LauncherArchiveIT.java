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
 * The real {@code bin/slm-mesh} on each kind of Java it supports: on 17-24 a class-data archive
 * ({@code .jsa}), on 25+ the ahead-of-time cache ({@code .aot}); each made once by a training run,
 * used by the CLI and by the broker, made again when the jar changes, and a damaged one reported
 * once and left out without stopping anything. The Java is chosen with {@code SLM_MESH_JAVA}; a
 * kind this machine lacks (Java 25 is not in Debian 12) is skipped with the reason.
 */
class LauncherArchiveIT {
  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  private record Run(int code, String out, String err) {}

  @ParameterizedTest(name = "Java {0}")
  @ValueSource(ints = {17, 25})
  void theArchiveOfEachJavaIsMadeUsedAndMadeAgainForANewJar(int kind) throws Exception {
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

    // made once, by the first run, for this Java
    Run first = run(launcher, env, "doctor", "--json");
    assertThat(first.err()).contains("creating the class-data archive");
    Path archive = onlyArchive(cds, ext);
    JsonNode doctor = checks(first);
    assertThat(doctor.path("java").path("detail").asText())
        .startsWith(Integer.toString(kind))
        .contains(home.toString());
    assertThat(doctor.path("class-data archive").path("status").asText())
        .as(doctor.toString())
        .isEqualTo("ok");
    assertThat(doctor.path("class-data archive").path("detail").asText())
        .isEqualTo(archive.toString());

    // used by the next runs without training again, and by the broker
    Run second = run(launcher, env, "version");
    assertThat(second.code()).isZero();
    assertThat(second.err()).as("no training and no JVM message on stderr").isEmpty();
    assertThat(mappedByBroker(launcher, env))
        .as("the broker maps " + archive)
        .contains(archive.toString());

    // a jar with other content gets an archive of its own; the old one goes
    addEntry(jar, "changed.txt");
    Run rebuilt = run(launcher, env, "doctor", "--json");
    assertThat(rebuilt.err()).contains("creating the class-data archive");
    Path next = onlyArchive(cds, ext);
    assertThat(next).isNotEqualTo(archive);
    assertThat(checks(rebuilt).path("class-data archive").path("detail").asText())
        .isEqualTo(next.toString());

    // a damaged archive stops nothing (a truncated one would crash Java 17): said once, then left
    // out
    byte[] bytes = Files.readAllBytes(next);
    java.nio.file.attribute.FileTime made = Files.getLastModifiedTime(next);
    Files.write(next, java.util.Arrays.copyOf(bytes, bytes.length / 3));
    Files.setLastModifiedTime(next, made); // what a copy that keeps times would leave
    Run damaged = run(launcher, env, "version");
    assertThat(damaged.code()).as(damaged.err()).isZero();
    assertThat(damaged.out()).isEqualTo(second.out());
    assertThat(damaged.err()).contains("running without it").hasLineCount(1);
    Run after = run(launcher, env, "doctor", "--json");
    assertThat(after.err()).isEmpty();
    assertThat(checks(after).path("class-data archive").path("status").asText()).isEqualTo("warn");
    assertThat(Files.exists(Path.of(next + ".unusable"))).isTrue();
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

  private static Path onlyArchive(Path cds, String ext) throws IOException {
    try (Stream<Path> files = Files.list(cds)) {
      List<Path> archives =
          files
              .filter(
                  f ->
                      f.getFileName()
                          .toString()
                          .matches("[0-9a-f]{16}-[0-9][0-9.+a-zA-Z-]*\\." + ext))
              .toList();
      assertThat(archives).hasSize(1);
      return archives.get(0);
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
      broker.destroy();
      if (!broker.waitFor(20, TimeUnit.SECONDS)) {
        broker.destroyForcibly();
      }
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
