package dev.slmmesh.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slmmesh.config.SecureFiles;
import dev.slmmesh.testkit.BrokerProcess;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.MeshHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real broker processes racing for one data directory (a defect of the original). */
class ExclusiveStartIT {
  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path tmp;

  private final List<BrokerProcess> brokers = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (BrokerProcess b : brokers) {
      b.close();
    }
  }

  @Test
  void fourBrokersStartedAtOnceEndWithOneRunningAndAMatchingToken() throws Exception {
    Path data = tmp.resolve("data");
    int port = BrokerProcess.freePort();
    for (int i = 0; i < 4; i++) {
      brokers.add(BrokerProcess.start(data, port, "b" + i, Map.of()));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                brokers.stream().filter(b -> b.process().isAlive()).count() == 1
                    && BrokerProcess.client(data).isPresent());
    BrokerProcess winner =
        brokers.stream().filter(b -> b.process().isAlive()).findFirst().orElseThrow();
    assertThat(SecureFiles.read(data.resolve("broker.pid"))).contains(Long.toString(winner.pid()));
    MeshHttp http = BrokerProcess.client(data).orElseThrow();
    for (int i = 0; i < 20; i++) {
      assertThat(http.get("/status").status()).isEqualTo(200);
    }
    assertThat(http.get("/status").json().get("pid").asLong()).isEqualTo(winner.pid());
    for (BrokerProcess loser : brokers) {
      if (loser != winner) {
        assertThat(loser.process().exitValue()).isEqualTo(1);
        assertThat(loser.log())
            .as("a second broker says only that one runs")
            .matches("(?s)(.*\\n)?Broker already running \\(PID \\d+\\)\\n")
            .doesNotContain("Starting broker")
            .doesNotContain("shutting down")
            .doesNotContain("Broker stopped");
      }
    }
  }

  @Test
  void aStalePidFileNamingALiveStrangerNeitherBlocksNorKillsIt() throws Exception {
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    Process stranger = new ProcessBuilder("sleep", "60").start();
    try {
      Files.writeString(data.resolve("broker.pid"), Long.toString(stranger.pid()));
      brokers.add(BrokerProcess.start(data, BrokerProcess.freePort(), "b", Map.of()));
      await().atMost(Duration.ofSeconds(20)).until(() -> BrokerProcess.client(data).isPresent());
      assertThat(stranger.isAlive()).isTrue();
      assertThat(SecureFiles.read(data.resolve("broker.pid")))
          .contains(Long.toString(brokers.get(0).pid()));
    } finally {
      stranger.destroyForcibly();
    }
  }

  @Test
  void anOccupiedPortIsSkippedForTheNextInTheRange() throws Exception {
    Path data = tmp.resolve("data");
    int port = BrokerProcess.freePort();
    try (java.net.ServerSocket occupied =
        new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      brokers.add(BrokerProcess.start(data, port, "b", Map.of()));
      await().atMost(Duration.ofSeconds(20)).until(() -> BrokerProcess.client(data).isPresent());
      assertThat(SecureFiles.read(data.resolve("port")))
          .hasValueSatisfying(p -> assertThat(Integer.parseInt(p)).isGreaterThan(port));
    }
  }
}
