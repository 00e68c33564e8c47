package dev.slmmesh.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.testkit.BrokerProcess;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.MeshHttp;
import dev.slmmesh.testkit.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two broker processes on one PostgreSQL database form one mesh: a session attached to one reaches
 * a session attached to the other (pushed through the database's LISTEN/NOTIFY), events reach
 * subscribers on the other broker, state and locks are one, and a {@code kill -9} of the sender's
 * broker in the middle of a burst loses no message that was acknowledged to the sender and
 * duplicates none at the recipient. The dead broker's peers do not stay active: the surviving
 * broker reaps them.
 */
class SharedStoreIT {
  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path tmp;

  private final PostgresServer server = PostgresServer.shared();

  /** {@code reap}: peers go stale after 3 s without a heartbeat and are removed after 6 s. */
  private Map<String, String> env(String db, boolean reap) {
    Map<String, String> env = new HashMap<>();
    env.put("SLM_MESH_STORE", server.url(db));
    env.put("PGPASSWORD", PostgresServer.PASSWORD);
    env.put("SLM_MESH_RATE_LIMIT", "100000");
    env.put("SLM_MESH_IDLE_MS", "0");
    if (reap) {
      env.put("SLM_MESH_HEARTBEAT_MS", "500");
      env.put("SLM_MESH_STALE_MS", "3000");
      env.put("SLM_MESH_DEAD_MS", "6000");
    }
    return env;
  }

  @Test
  void sessionsOnTwoBrokersShareMessagesStateAndLocks() throws Exception {
    String db = server.createDatabase();
    Path dataA = dataDir("a");
    Path dataB = dataDir("b");
    try (FakePeer peerA = FakePeer.listen(dataA.resolve("peers/a.sock")).autoAck(true);
        FakePeer peerB = FakePeer.listen(dataB.resolve("peers/b.sock")).autoAck(true);
        BrokerProcess a =
            BrokerProcess.start(dataA, BrokerProcess.freePort(), "a", env(db, false));
        BrokerProcess b =
            BrokerProcess.start(dataB, BrokerProcess.freePort(), "b", env(db, false))) {
      MeshHttp httpA = awaitUp(dataA);
      MeshHttp httpB = awaitUp(dataB);
      String pa = register(httpA, "pa", peerA);
      String pb = register(httpB, "pb", peerB);

      String m1 =
          httpA
              .call("/send", "fromPeer", pa, "toPeer", pb, "payload", "across")
              .json()
              .get("messageId")
              .asText();
      await().atMost(Duration.ofSeconds(20)).until(() -> messageIds(peerB).contains(m1));
      assertThat(messageTexts(peerB)).contains("across");
      assertThat(httpB.call("/send", "fromPeer", pb, "toPeer", "all", "payload", "to all").ok())
          .isTrue();
      await().atMost(Duration.ofSeconds(20)).until(() -> messageTexts(peerA).contains("to all"));

      assertThat(
              httpB
                  .call(
                      "/events",
                      "action",
                      "subscribe",
                      "peerId",
                      pb,
                      "types",
                      List.of("build_done"))
                  .ok())
          .isTrue();
      assertThat(
              httpA
                  .call(
                      "/events",
                      "action",
                      "emit",
                      "peerId",
                      pa,
                      "type",
                      "build_done",
                      "data",
                      Map.of("ok", true))
                  .ok())
          .isTrue();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  peerB.json().stream()
                      .anyMatch(
                          l ->
                              "event".equals(l.path("type").asText())
                                  && "build_done".equals(l.at("/payload/eventType").asText())));

      assertThat(
              httpA
                  .call("/state", "action", "set", "key", "k", "value", "from a", "peerId", pa)
                  .ok())
          .isTrue();
      assertThat(
              httpB.call("/state", "action", "get", "key", "k").json().at("/entry/value").asText())
          .isEqualTo("from a");

      assertThat(
              httpA
                  .call("/lock", "action", "lock", "filePath", "/srv/shared.txt", "peerId", pa)
                  .ok())
          .isTrue();
      MeshHttp.Response refused =
          httpB.call("/lock", "action", "lock", "filePath", "/srv/shared.txt", "peerId", pb);
      assertThat(refused.ok()).as(refused.text()).isFalse();
      assertThat(refused.text()).contains("File locked by pa");
      assertThat(b.log()).doesNotContain("ERROR");
    }
  }

  @Test
  void aKill9OfTheSendersBrokerMidBurstLosesAndDuplicatesNothingAcknowledged() throws Exception {
    String db = server.createDatabase();
    Path dataA = dataDir("a");
    Path dataB = dataDir("b");
    List<String> accepted = new CopyOnWriteArrayList<>();
    try (FakePeer peerA = FakePeer.listen(dataA.resolve("peers/a.sock")).autoAck(true);
        FakePeer peerB = FakePeer.listen(dataB.resolve("peers/b.sock")).autoAck(true);
        BrokerProcess b =
            BrokerProcess.start(dataB, BrokerProcess.freePort(), "b", env(db, true))) {
      BrokerProcess a = BrokerProcess.start(dataA, BrokerProcess.freePort(), "a", env(db, true));
      MeshHttp httpB = awaitUp(dataB);
      String pb = register(httpB, "pb", peerB);
      Thread heartbeats =
          new Thread(() -> heartbeatFor(httpB, pb, Duration.ofSeconds(90)), "heartbeats");
      heartbeats.setDaemon(true);
      heartbeats.start();
      String pa;
      try {
        MeshHttp httpA = awaitUp(dataA);
        pa = register(httpA, "pa", peerA);
        Thread sender = new Thread(() -> sendUntilBrokerDies(httpA, pa, pb, accepted), "burst");
        sender.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= 200);
        a.kill9();
        sender.join(20_000);
        assertThat(sender.isAlive()).isFalse();
      } finally {
        a.close();
      }

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(messageIds(peerB)).containsAll(accepted));
      List<String> received = messageIds(peerB);
      assertThat(received).doesNotHaveDuplicates();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(peerIds(httpB))
                      .as("the dead broker's peer is reaped")
                      .doesNotContain(pa)
                      .contains(pb));
      heartbeats.interrupt();
      assertThat(b.log()).doesNotContain("ERROR");
    }
  }

  private Path dataDir(String name) throws java.io.IOException {
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir.resolve("peers"));
    return dir;
  }

  private static MeshHttp awaitUp(Path data) {
    await().atMost(Duration.ofSeconds(40)).until(() -> BrokerProcess.client(data).isPresent());
    return BrokerProcess.client(data).orElseThrow();
  }

  private static String register(MeshHttp http, String name, FakePeer peer) {
    return http.call(
            "/register",
            "projectPath",
            "/r",
            "pid",
            9,
            "name",
            name,
            "udsPath",
            peer.path().toString(),
            "acknowledges",
            true)
        .json()
        .get("peerId")
        .asText();
  }

  private static void sendUntilBrokerDies(
      MeshHttp http, String from, String to, List<String> accepted) {
    for (int i = 0; i < 20_000; i++) {
      try {
        MeshHttp.Response r =
            http.call("/send", "fromPeer", from, "toPeer", to, "payload", "m" + i);
        if (r.ok()) {
          accepted.add(r.json().get("messageId").asText());
        }
      } catch (RuntimeException brokerGone) {
        return;
      }
    }
  }

  private static void heartbeatFor(MeshHttp http, String peerId, Duration total) {
    long end = System.nanoTime() + total.toNanos();
    while (System.nanoTime() < end) {
      try {
        http.call("/heartbeat", "peerId", peerId);
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // the broker is closing at the end of the test
      }
    }
  }

  private static List<String> peerIds(MeshHttp http) {
    List<String> ids = new ArrayList<>();
    for (JsonNode p : http.call("/peers", "scope", "mesh").json().get("peers")) {
      ids.add(p.get("id").asText());
    }
    return ids;
  }

  private static List<String> messageIds(FakePeer peer) {
    return messages(peer, "/payload/messageId");
  }

  private static List<String> messageTexts(FakePeer peer) {
    return messages(peer, "/payload/text");
  }

  private static List<String> messages(FakePeer peer, String field) {
    List<String> out = new ArrayList<>();
    for (JsonNode line : peer.json()) {
      if ("message".equals(line.path("type").asText())) {
        out.add(line.at(field).asText());
      }
    }
    return out;
  }
}
