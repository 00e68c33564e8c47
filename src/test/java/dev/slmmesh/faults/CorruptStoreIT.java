package dev.slmmesh.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.testkit.BrokerProcess;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.MeshHttp;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged store (8 KiB of garbage in the middle of {@code mesh.db}) is refused at start with a
 * message naming the file and what to do, the file is kept aside, {@code doctor} explains it, and
 * the next start begins with an empty store; a store truncated to 0 bytes is detected (doctor
 * fails, the broker warns).
 */
class CorruptStoreIT {
  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path tmp;

  @Test
  void aDamagedStoreIsRefusedKeptAsideAndExplained() throws Exception {
    Path data = tmp.resolve("d");
    int port = BrokerProcess.freePort();
    Map<String, String> env = Map.of("SLM_MESH_RATE_LIMIT", "100000");
    try (BrokerProcess first = BrokerProcess.start(data, port, "first", env)) {
      MeshHttp http = await(data);
      String a = DiskFullIT.register(http, "a", null);
      for (int i = 0; i < 200; i++) {
        assertThat(
                http.call("/send", "fromPeer", "cli", "toPeer", a, "payload", "x".repeat(1000))
                    .ok())
            .isTrue();
      }
      first.close();
    }
    Path db = data.resolve("mesh.db");
    assertThat(Files.size(db)).isGreaterThan(96 * 1024);
    byte[] garbage = new byte[8192];
    ThreadLocalRandom.current().nextBytes(garbage);
    try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
      f.seek(64 * 1024);
      f.write(garbage);
    }

    try (BrokerProcess refused = BrokerProcess.start(data, port, "refused", env)) {
      assertThat(refused.waitExit(Duration.ofSeconds(60)))
          .as("the broker refuses to start")
          .isTrue();
      assertThat(refused.process().exitValue()).isNotZero();
      assertThat(refused.log())
          .contains("The store " + db + " is damaged")
          .contains("moved aside to")
          .contains("Start the broker again");
    }
    List<Path> aside = setAside(data);
    assertThat(aside).hasSize(1);
    assertThat(Files.size(aside.get(0)))
        .as("the damaged file is kept whole")
        .isGreaterThan(96 * 1024);
    assertThat(doctor(data, port))
        .contains("damaged store(s) set aside")
        .contains(aside.get(0).toString());

    try (BrokerProcess fresh = BrokerProcess.start(data, port, "fresh", env)) {
      MeshHttp http = await(data);
      assertThat(http.get("/status").json().at("/messages/total").asInt()).isZero();
      fresh.close();
    }

    Files.write(db, new byte[0]);
    assertThat(doctor(data, port)).contains("is empty (0 bytes) although a store existed");
    try (BrokerProcess emptied = BrokerProcess.start(data, port, "emptied", env)) {
      await(data);
      assertThat(emptied.log()).contains("is empty (0 bytes) although a store existed");
    }
  }

  private static MeshHttp await(Path data) {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> BrokerProcess.client(data).isPresent());
    return BrokerProcess.client(data).orElseThrow();
  }

  private static List<Path> setAside(Path data) throws Exception {
    try (Stream<Path> files = Files.list(data)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("mesh.db.corrupt-"))
          .filter(f -> !f.toString().endsWith("-wal"))
          .toList();
    }
  }

  private static String doctor(Path data, int port) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(BrokerProcess.java(), "-jar", BrokerProcess.jar().toString(), "doctor");
    pb.environment().put("SLM_MESH_DATA_DIR", data.toString());
    pb.environment().put("SLM_MESH_PORT", Integer.toString(port));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
