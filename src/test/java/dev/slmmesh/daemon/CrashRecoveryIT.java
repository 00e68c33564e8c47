package dev.slmmesh.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.testkit.BrokerProcess;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.MeshHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the broker in the middle of a stream of sends: after a restart every message
 * whose {@code /send} returned ok reaches the recipient's socket, and once the recipient has
 * acknowledged it (and the new broker has the ack) it is never pushed to that socket again.
 */
class CrashRecoveryIT {
  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path tmp;

  @Test
  void everyAcceptedMessageIsDeliveredAfterAKill9() throws Exception {
    Path data = tmp.resolve("d");
    int port = BrokerProcess.freePort();
    Map<String, String> env = env();
    List<String> accepted = new CopyOnWriteArrayList<>();
    java.nio.file.Files.createDirectories(data.resolve("peers"));
    try (FakePeer peer = FakePeer.listen(data.resolve("peers/p.sock")).autoAck(true)) {
      BrokerProcess first = BrokerProcess.start(data, port, "first", env);
      try {
        await().atMost(Duration.ofSeconds(20)).until(() -> BrokerProcess.client(data).isPresent());
        MeshHttp http = BrokerProcess.client(data).orElseThrow();
        String to =
            http.call(
                    "/register",
                    "projectPath",
                    "/r",
                    "pid",
                    9,
                    "name",
                    "p",
                    "udsPath",
                    peer.path().toString(),
                    "acknowledges",
                    true)
                .json()
                .get("peerId")
                .asText();
        Thread sender = new Thread(() -> sendUntilBrokerDies(http, to, accepted));
        sender.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> accepted.size() >= 150);
        first.kill9();
        sender.join(20_000);
        assertThat(sender.isAlive()).isFalse();
      } finally {
        first.close();
      }
      try (BrokerProcess second = BrokerProcess.start(data, port, "second", env)) {
        await().atMost(Duration.ofSeconds(20)).until(() -> BrokerProcess.client(data).isPresent());
        MeshHttp http = BrokerProcess.client(data).orElseThrow();
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(() -> assertThat(receivedIds(peer)).containsAll(accepted));
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(http.get("/status").json().at("/messages/undelivered").asInt())
                        .isZero());
        int linesBefore = peer.lines().size();
        String sender =
            http.call("/register", "projectPath", "/r", "pid", 10, "name", "s")
                .json()
                .get("peerId")
                .asText();
        http.call("/heartbeat", "peerId", sender);
        String probe =
            http.call("/send", "fromPeer", sender, "toPeer", receivedTo(http), "payload", "probe")
                .json()
                .get("messageId")
                .asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> receivedIds(peer).contains(probe));
        List<String> after =
            receivedIds(peer).subList(countMessages(peer, linesBefore), receivedIds(peer).size());
        assertThat(after).containsExactly(probe);
        assertThat(second.log()).doesNotContain("ERROR");
      }
    }
  }

  /** The brokers' environment; {@code PostgresCrashRecoveryIT} adds its database. */
  Map<String, String> env() {
    return Map.of("SLM_MESH_RATE_LIMIT", "100000");
  }

  private static String receivedTo(MeshHttp http) {
    for (JsonNode p : http.call("/peers").json().get("peers")) {
      if (p.get("name").asText().equals("p")) {
        return p.get("id").asText();
      }
    }
    throw new AssertionError("peer p not registered after restart");
  }

  private static void sendUntilBrokerDies(MeshHttp http, String to, List<String> accepted) {
    for (int i = 0; i < 100_000; i++) {
      try {
        MeshHttp.Response r =
            http.call("/send", "fromPeer", "cli", "toPeer", to, "payload", "m" + i);
        if (r.ok()) {
          accepted.add(r.json().get("messageId").asText());
        }
      } catch (RuntimeException brokerGone) {
        return;
      }
    }
  }

  private static List<String> receivedIds(FakePeer peer) {
    List<String> ids = new ArrayList<>();
    for (JsonNode line : peer.json()) {
      if ("message".equals(line.path("type").asText())) {
        ids.add(line.at("/payload/messageId").asText());
      }
    }
    return ids;
  }

  private static int countMessages(FakePeer peer, int lines) {
    int n = 0;
    List<JsonNode> json = peer.json();
    for (int i = 0; i < lines && i < json.size(); i++) {
      if ("message".equals(json.get(i).path("type").asText())) {
        n++;
      }
    }
    return n;
  }
}
