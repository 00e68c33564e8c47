package dev.slmmesh.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slmmesh.testkit.BrokerProcess;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.MeshHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real broker process stops by itself once it has no peers and no requests for the idle period.
 */
class IdleShutdownIT {
  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path tmp;

  @Test
  void exitsAfterTheLastPeerLeftAndRemovesItsFiles() throws Exception {
    Path data = tmp.resolve("d");
    try (BrokerProcess broker =
        BrokerProcess.start(
            data, BrokerProcess.freePort(), "b", Map.of("SLM_MESH_IDLE_MS", "1500"))) {
      await().atMost(Duration.ofSeconds(20)).until(() -> BrokerProcess.client(data).isPresent());
      MeshHttp http = BrokerProcess.client(data).orElseThrow();
      String id =
          http.call("/register", "projectPath", "/r", "pid", 5).json().get("peerId").asText();
      assertThat(broker.waitExit(Duration.ofSeconds(3)))
          .as("a registered peer keeps the broker alive")
          .isFalse();
      http.call("/unregister", "peerId", id);
      assertThat(broker.waitExit(Duration.ofSeconds(20))).as(broker.log()).isTrue();
      assertThat(broker.process().exitValue()).isZero();
      assertThat(broker.log()).contains("idle shutdown");
      assertThat(data.resolve("broker.token")).doesNotExist();
      assertThat(data.resolve("port")).doesNotExist();
    }
  }
}
