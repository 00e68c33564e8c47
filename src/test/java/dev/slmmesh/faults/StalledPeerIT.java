package dev.slmmesh.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.testkit.BrokerProcess;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.FaultTally;
import dev.slmmesh.testkit.MeshHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer stops reading its push socket while thousands of one-kilobyte messages arrive (more than
 * its queue holds, so the broker drops notifications), then reads and acknowledges again, with no
 * heartbeat: every message arrives, in the order it was sent, and a message sent after the peer
 * resumed comes after all of them. {@code /status} counts the drops and the re-queue.
 */
class StalledPeerIT {
  private static final int MESSAGES = 6_000;
  private static final String KILOBYTE = "k".repeat(1000);

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path tmp;

  @Test
  void theBacklogDrainsInOrderAsSoonAsThePeerReadsAgain() throws Exception {
    Path data = tmp.resolve("d");
    Files.createDirectories(data.resolve("peers"));
    FaultTally tally = new FaultTally("stalled-peer");
    try (FakePeer peer = FakePeer.listen(data.resolve("peers/p.sock")).autoAck(true);
        BrokerProcess broker =
            BrokerProcess.start(
                data,
                BrokerProcess.freePort(),
                "broker",
                Map.of("SLM_MESH_RATE_LIMIT", "1000000"))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> BrokerProcess.client(data).isPresent());
      MeshHttp http = BrokerProcess.client(data).orElseThrow();
      String to = DiskFullIT.register(http, "p", peer.path().toString());
      String from = DiskFullIT.register(http, "s", null);
      await().atMost(Duration.ofSeconds(10)).until(() -> peer.openConnections() == 1);

      peer.paused(true);
      for (int i = 0; i < MESSAGES; i++) {
        send(http, from, to, "m" + i, tally);
      }
      JsonNode push = http.get("/status").json().path("push");

      peer.paused(false);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> assertThat(FaultTally.pushedIds(peer.json())).containsAll(tally.accepted()));
      send(http, from, to, "newest", tally);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(FaultTally.pushedIds(peer.json())).containsAll(tally.accepted()));

      List<String> pushed = FaultTally.pushedIds(peer.json());
      assertThat(new ArrayList<>(new LinkedHashSet<>(pushed)))
          .as("first arrivals in send order")
          .containsExactlyElementsOf(tally.accepted());
      FaultTally.Figures f = tally.figures(pushed).print();
      assertThat(f.lost()).isZero();
      assertThat(f.duplicatesShown()).isZero();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(http.get("/status").json().at("/messages/undelivered").asInt())
                      .isZero());
      assertThat(push.path("dropped").asLong())
          .as("drops counted in /status: " + push)
          .isPositive();
      JsonNode after = http.get("/status").json().path("push");
      System.out.println("stalled-peer: /status push " + after);
      assertThat(after.path("resyncs").asLong()).isPositive();
      assertThat(broker.log()).doesNotContain("[ERROR]");
    }
  }

  private static void send(MeshHttp http, String from, String to, String tag, FaultTally tally) {
    MeshHttp.Response r =
        http.call("/send", "fromPeer", from, "toPeer", to, "payload", tag + " " + KILOBYTE);
    assertThat(r.ok()).as(r.text()).isTrue();
    tally.accepted(r.json().get("messageId").asText());
  }
}
