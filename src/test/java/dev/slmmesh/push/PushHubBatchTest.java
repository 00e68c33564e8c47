package dev.slmmesh.push;

import static dev.slmmesh.push.Notifications.message;
import static dev.slmmesh.push.Waiting.soon;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.broker.PushNotifier;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.wire.Notification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broadcast's hand-off in one batch: the single-send lines, in each peer's order. */
class PushHubBatchTest {

  private static final int PEERS = 5;
  private static final int ROUNDS = 40;

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  private final PushHub hub = new PushHub(new RecordingListener());
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    hub.close();
    for (AutoCloseable resource : resources) {
      resource.close();
    }
  }

  @Test
  void batchedLinesEqualTheSingleSendLinesAndKeepEachPeersOrder() throws IOException {
    Map<String, FakePeer> peers = connectPeers();
    Map<String, List<String>> expected = new TreeMap<>();
    peers.keySet().forEach(id -> expected.put(id, new ArrayList<>()));
    for (int round = 0; round < ROUNDS; round++) {
      String text = "broadcast " + round + " \"quoted\" é";
      try (PushNotifier.SendBatch batch = hub.batch()) {
        for (String id : peers.keySet()) {
          // the last peer's line differs in its text too: it must not share the others' encoding
          String own = id.equals("peer" + (PEERS - 1)) ? text + " (own)" : text;
          Notification n = message("b" + round + "-" + id, own);
          batch.send(id, n);
          expected.get(id).add(line(n));
          if (round % 3 == 0) {
            sendDirect(id, round, expected); // inside the batch: after the batch's line to id
          }
        }
      }
      String first = peers.keySet().iterator().next();
      Notification after = message("a" + round, "after " + round);
      hub.send(first, after);
      expected.get(first).add(line(after));
    }
    assertEachPeerGot(peers, expected);
  }

  @Test
  void anEventFannedOutOrBroadcastIsEncodedOnceAndEachPeerGetsTheSingleSendLineInOrder()
      throws IOException {
    Map<String, FakePeer> peers = connectPeers();
    Map<String, List<String>> expected = new TreeMap<>();
    peers.keySet().forEach(id -> expected.put(id, new ArrayList<>()));
    for (int round = 0; round < ROUNDS; round++) {
      Instant at = Instant.parse("2026-04-08T10:30:01Z").plusMillis(round);
      Notification event =
          Notification.event("demo", Map.of("n", round, "text", "ev \"" + round + "\" é"), at);
      try (PushNotifier.SendBatch batch = hub.batch()) {
        for (String id : peers.keySet()) {
          batch.send(id, event);
          expected.get(id).add(line(event));
          if (round % 4 == 0) {
            sendDirect(id, round, expected); // between the fan-out's lines: after id's event line
          }
        }
      }
      Notification lock = Notification.locked("/f" + round, "holder", at);
      hub.broadcast(lock);
      peers.keySet().forEach(id -> expected.get(id).add(line(lock)));
    }
    assertEachPeerGot(peers, expected);
  }

  @Test
  void aBatchReusesTheLineOfAnEqualNotificationAndEncodesAnyOtherAfresh() {
    Instant at = Instant.parse("2026-04-08T10:30:01Z");
    HubBatch batch = new HubBatch(id -> null);
    Notification event = Notification.event("demo", Map.of("n", 1), at);

    Frame first = batch.frame(event);
    Frame again = batch.frame(event);
    Frame equal = batch.frame(Notification.event("demo", Map.of("n", 1), at));
    Frame other = batch.frame(Notification.event("demo", Map.of("n", 2), at));

    assertThat(again.bytes()).isSameAs(first.bytes());
    assertThat(equal.bytes()).isSameAs(first.bytes());
    assertThat(first.bytes()).isEqualTo(Frame.of(event).bytes());
    assertThat(other.bytes())
        .isEqualTo(Frame.of(Notification.event("demo", Map.of("n", 2), at)).bytes());
    assertThat(batch.frame(event).bytes()).isEqualTo(first.bytes()).isNotSameAs(first.bytes());
  }

  private void sendDirect(String id, int round, Map<String, List<String>> expected) {
    Notification direct = message("d" + round + "-" + id, "direct " + round);
    hub.send(id, direct);
    expected.get(id).add(line(direct));
  }

  private static void assertEachPeerGot(
      Map<String, FakePeer> peers, Map<String, List<String>> expected) {
    for (Map.Entry<String, FakePeer> peer : peers.entrySet()) {
      List<String> want = expected.get(peer.getKey());
      peer.getValue().awaitLines(want.size(), Waiting.LIMIT);
      assertThat(peer.getValue().lines()).as(peer.getKey()).containsExactlyElementsOf(want);
    }
  }

  private Map<String, FakePeer> connectPeers() throws IOException {
    Map<String, FakePeer> peers = new TreeMap<>();
    for (int p = 0; p < PEERS; p++) {
      String id = "peer" + p;
      FakePeer peer = FakePeer.listen(dir.resolve(id + ".sock"));
      resources.add(peer);
      peers.put(id, peer);
      hub.connect(id, peer.path(), false);
      soon().until(() -> hub.isConnected(id));
    }
    return peers;
  }

  private static String line(Notification n) {
    String encoded = new String(Frame.of(n).bytes(), StandardCharsets.UTF_8);
    return encoded.substring(0, encoded.length() - 1);
  }
}
