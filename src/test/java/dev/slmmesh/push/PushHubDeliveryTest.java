package dev.slmmesh.push;

import static dev.slmmesh.push.Notifications.locked;
import static dev.slmmesh.push.Notifications.message;
import static dev.slmmesh.push.Waiting.soon;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.testkit.FakePeer;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushHubDeliveryTest {

  private static final Duration WAIT = Waiting.LIMIT;

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  private final RecordingListener listener = new RecordingListener();
  private final PushHub hub = new PushHub(listener);
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    hub.close();
    for (AutoCloseable resource : resources) {
      resource.close();
    }
  }

  private FakePeer peer(String name) throws IOException {
    FakePeer peer = FakePeer.listen(dir.resolve(name + ".sock"));
    resources.add(peer);
    return peer;
  }

  private void connect(String peerId, FakePeer peer) {
    hub.connect(peerId, peer.path(), false);
    soon().until(() -> hub.isConnected(peerId));
  }

  private static List<String> messageIds(List<JsonNode> lines) {
    return lines.stream().map(n -> n.path("payload").path("messageId").asText()).toList();
  }

  @Test
  void deliversAMessageToTheAddressedPeerOnly() throws IOException {
    FakePeer alice = peer("a");
    FakePeer bob = peer("b");
    connect("alice", alice);
    connect("bob", bob);

    hub.send("alice", message("m1", "for alice"));
    hub.send("bob", message("m2", "for bob"));

    assertThat(alice.awaitLines(1, WAIT))
        .singleElement()
        .satisfies(n -> assertThat(n.path("payload").path("text").asText()).isEqualTo("for alice"));
    assertThat(messageIds(bob.awaitLines(1, WAIT))).containsExactly("m2");
    assertThat(alice.lines()).hasSize(1);
    assertThat(alice.lines().get(0))
        .isEqualTo(
            "{\"type\":\"message\",\"payload\":{\"messageId\":\"m1\",\"fromPeer\":\"sender\","
                + "\"text\":\"for alice\"},\"timestamp\":\"2026-04-08T10:30:01.000Z\"}");
  }

  @Test
  void broadcastReachesEveryConnectedPeer() throws IOException {
    List<FakePeer> peers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      FakePeer peer = peer("p" + i);
      connect("p" + i, peer);
      peers.add(peer);
    }
    hub.connect("gone", dir.resolve("missing.sock"), false);

    hub.broadcast(locked("/src/a.ts"));

    for (FakePeer peer : peers) {
      assertThat(peer.awaitLines(1, WAIT))
          .singleElement()
          .satisfies(n -> assertThat(n.path("type").asText()).isEqualTo("lock_update"));
    }
    assertThat(hub.isConnected("gone")).isFalse();
  }

  @Test
  void keepsTheOrderOfAThousandNotificationsToOnePeer() throws IOException {
    FakePeer peer = peer("o");
    connect("o", peer);
    List<String> ids = IntStream.range(0, 1000).mapToObj(i -> "m" + i).toList();

    ids.forEach(id -> hub.send("o", message(id)));

    assertThat(messageIds(peer.awaitLines(1000, WAIT))).containsExactlyElementsOf(ids);
    soon().until(() -> listener.written("o").size() == 1000);
    assertThat(listener.written("o")).containsExactlyElementsOf(ids);
  }

  @Test
  void aPeerThatNeverReadsDoesNotDelayAnotherPeer() throws IOException {
    Path stuckPath = dir.resolve("s.sock");
    try (ServerSocketChannel stuck = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      stuck.bind(UnixDomainSocketAddress.of(stuckPath));
      hub.connect("stuck", stuckPath, false);
      try (SocketChannel neverRead = stuck.accept()) {
        soon().until(() -> hub.isConnected("stuck"));
        FakePeer fast = peer("f");
        connect("fast", fast);
        String big = "x".repeat(8 * 1024);
        // 16 MiB for a peer that never reads: its socket buffer and queue budget fill up
        for (int i = 0; i < 2000; i++) {
          hub.send("stuck", message("s" + i, big));
        }
        hub.send("fast", message("f1"));

        assertThat(messageIds(fast.awaitLines(1, WAIT))).containsExactly("f1");
        assertThat(neverRead.isOpen()).isTrue();
        LinkStatus stuckStatus = hub.status("stuck").orElseThrow();
        assertThat(stuckStatus.pendingBytes()).isPositive();
        assertThat(stuckStatus.dropped()).isPositive();
        assertThat(hub.isConnected("stuck")).isTrue();
      }
    }
  }

  @Test
  void reportsWrittenMessagesButNotOtherKinds() throws IOException {
    FakePeer peer = peer("w");
    connect("w", peer);

    hub.send("w", message("m1"));
    hub.send("w", locked("/x"));
    hub.send("w", message("m2"));

    peer.awaitLines(3, WAIT);
    soon().until(() -> listener.written("w").size() == 2);
    assertThat(listener.written("w")).containsExactly("m1", "m2");
    assertThat(listener.callbackThreads()).allMatch(name -> name.startsWith("push-callback-"));
  }

  @Test
  void skipsAMessageAlreadySentOnThisConnection() throws IOException {
    FakePeer peer = peer("d");
    connect("d", peer);

    hub.send("d", message("m1"));
    hub.send("d", message("m1"));
    hub.send("d", message("m2"));

    assertThat(messageIds(peer.awaitLines(2, WAIT))).containsExactly("m1", "m2");
    hub.send("d", message("m3"));
    assertThat(messageIds(peer.awaitLines(3, WAIT))).containsExactly("m1", "m2", "m3");
  }

  @Test
  void resendsAMessageOnANewConnection() throws IOException {
    FakePeer peer = peer("r");
    connect("r", peer);
    hub.send("r", message("m1"));
    peer.awaitLines(1, WAIT);

    peer.dropConnections();
    soon().until(() -> listener.linkUps("r") == 2 && hub.isConnected("r"));
    hub.send("r", message("m1"));

    assertThat(messageIds(peer.awaitLines(2, WAIT))).containsExactly("m1", "m1");
    assertThat(peer.acceptedConnections()).isEqualTo(2);
  }

  @Test
  void dropsNotificationsForPeersWithoutALiveLink() throws IOException {
    FakePeer peer = peer("late");
    hub.send("late", message("early"));
    connect("late", peer);

    hub.send("late", message("m1"));

    assertThat(messageIds(peer.awaitLines(1, WAIT))).containsExactly("m1");
    hub.send("nobody", message("m2"));
    assertThat(hub.isConnected("nobody")).isFalse();
  }

  @Test
  void deliversTwentyMessagesToEachOfFiftyPeers() throws IOException {
    List<FakePeer> peers = new ArrayList<>();
    for (int p = 0; p < 50; p++) {
      FakePeer peer = peer("q" + p);
      hub.connect("q" + p, peer.path(), false);
      peers.add(peer);
    }
    soon().until(() -> IntStream.range(0, 50).allMatch(p -> hub.isConnected("q" + p)));

    for (int m = 0; m < 20; m++) {
      for (int p = 0; p < 50; p++) {
        hub.send("q" + p, message("q" + p + "-" + m));
      }
    }

    for (int p = 0; p < 50; p++) {
      String prefix = "q" + p + "-";
      List<String> expected = IntStream.range(0, 20).mapToObj(m -> prefix + m).toList();
      assertThat(messageIds(peers.get(p).awaitLines(20, WAIT))).containsExactlyElementsOf(expected);
    }
  }
}
