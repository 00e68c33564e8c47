package dev.slmmesh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.config.DataDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BrokerEnsurerTest {
  private Path data;

  @BeforeEach
  void dataDir() throws IOException {
    data = Files.createTempDirectory(Path.of("/tmp"), "be");
  }

  @AfterEach
  void killSpawnedBrokers() throws IOException {
    Path launches = data.resolve("launches");
    if (Files.exists(launches)) {
      for (String pid : Files.readAllLines(launches)) {
        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  private BrokerEnsurer ensurer(List<String> command, Duration wait) {
    BrokerClient client =
        new BrokerClient(
            new DataDir(data),
            BrokerClientTest.closedPortSafe(),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2));
    BrokerLauncher launcher =
        new BrokerLauncher(
            command, Map.of("SLM_MESH_DATA_DIR", data.toString()), data.resolve("broker.log"));
    return new BrokerEnsurer(client, launcher, data, wait);
  }

  private static List<String> fakeBrokerCommand() {
    String java = ProcessHandle.current().info().command().orElse("java");
    return List.of(
        java, "-cp", System.getProperty("java.class.path"), FakeBrokerMain.class.getName());
  }

  @Test
  void usesARunningBrokerWithoutStartingOne() throws IOException {
    try (FakeBroker running = FakeBroker.start(data)) {
      int port = ensurer(List.of("/bin/false"), Duration.ofSeconds(5)).ensure();
      assertThat(port).isEqualTo(running.port());
      assertThat(data.resolve("broker.log")).doesNotExist();
    }
  }

  @Test
  void concurrentCallersStartExactlyOneBroker() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Future<Integer>> ports = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        ports.add(pool.submit(() -> ensurer(fakeBrokerCommand(), Duration.ofSeconds(20)).ensure()));
      }
      List<Integer> seen = new ArrayList<>();
      for (Future<Integer> f : ports) {
        seen.add(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(seen).hasSize(10).containsOnly(seen.get(0));
      assertThat(Files.readAllLines(data.resolve("launches"))).hasSize(1);
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(data.resolve("broker.log"))))
          .isEqualTo("rw-------");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void failsWithAClearMessageWhenNoBrokerComesUp() {
    assertThatThrownBy(() -> ensurer(List.of("/bin/true"), Duration.ofMillis(700)).ensure())
        .isInstanceOf(BrokerUnavailableException.class)
        .hasMessageContaining("no broker answered GET /health on port")
        .hasMessageContaining("broker.log");
  }
}
