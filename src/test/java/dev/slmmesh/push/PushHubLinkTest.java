package dev.slmmesh.push;

import static dev.slmmesh.push.Notifications.message;
import static dev.slmmesh.push.Waiting.soon;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.base.Backoff;
import dev.slmmesh.testkit.FakePeer;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection management: reconnect, give-up and nudge, replacement, disconnect, path checks. */
class PushHubLinkTest {

  private static final Duration WAIT = Waiting.LIMIT;
  private static final Backoff FAST =
      new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ZERO, 10);

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  private final RecordingListener listener = new RecordingListener();
  private final PushHub hub = new PushHub(listener, PushOptions.DEFAULT.withBackoff(FAST));
  private final List<FakePeer> peers = new ArrayList<>();

  @AfterEach
  void tearDown() throws IOException {
    hub.close();
    for (FakePeer peer : peers) {
      peer.close();
    }
  }

  private FakePeer peer(String name) throws IOException {
    FakePeer peer = FakePeer.listen(dir.resolve(name + ".sock"));
    peers.add(peer);
    return peer;
  }

  private Link.State state(String peerId) {
    return hub.status(peerId).map(LinkStatus::state).orElseThrow();
  }

  private static List<String> texts(List<JsonNode> lines) {
    return lines.stream().map(n -> n.path("payload").path("text").asText()).toList();
  }

  @Test
  void reconnectsAfterThePeerClosesAndCallsLinkUpAgain() throws IOException {
    FakePeer peer = peer("r");
    // what the broker does on linkUp: re-queue the messages the peer has not confirmed
    listener.onLinkUp(id -> hub.send(id, message("pending", "re-pushed")));
    hub.connect("r", peer.path(), false);
    peer.awaitLines(1, WAIT);

    peer.dropConnections();

    soon().until(() -> listener.linkUps("r") == 2);
    assertThat(texts(peer.awaitLines(2, WAIT))).containsExactly("re-pushed", "re-pushed");
    assertThat(peer.acceptedConnections()).isEqualTo(2);
    assertThat(hub.isConnected("r")).isTrue();
  }

  @Test
  void everyNewConnectionHasANewConnectionId() throws IOException {
    FakePeer peer = peer("n");
    assertThat(hub.connectionId("n")).isZero();
    hub.connect("n", peer.path(), false);
    // connected means the connection is in the listener's backlog: drop it only once accepted
    soon().until(() -> hub.isConnected("n") && peer.openConnections() == 1);
    long first = hub.connectionId("n");

    peer.dropConnections();

    soon().until(() -> listener.linkUps("n") == 2 && hub.isConnected("n"));
    assertThat(hub.connectionId("n")).isPositive().isNotEqualTo(first);
  }

  @Test
  void reconnectsWhenThePeerListensAgainOnTheSamePath() throws IOException {
    FakePeer peer = peer("again");
    try (PushHub standard = new PushHub(listener)) {
      standard.connect("again", peer.path(), false);
      // a connection the peer accepts while it stops would stay open: stop only once accepted
      soon().until(() -> standard.isConnected("again") && peer.openConnections() == 1);

      peer.stop();
      soon().until(() -> !standard.isConnected("again"));
      peer.start();

      soon().until(() -> standard.isConnected("again"));
      standard.send("again", message("m1", "after restart"));
      assertThat(texts(peer.awaitLines(1, WAIT))).containsExactly("after restart");
      soon().until(() -> listener.linkUps("again") == 2);
    }
  }

  @Test
  void givesUpAfterTenFailuresAndResumesOnNudge() throws IOException {
    Path path = dir.resolve("later.sock");
    hub.connect("later", path, false);

    soon().until(() -> state("later") == Link.State.GAVE_UP);
    assertThat(hub.status("later").orElseThrow().failures()).isEqualTo(10);
    FakePeer peer = FakePeer.listen(path);
    peers.add(peer);
    soon().during(Duration.ofMillis(200)).until(() -> peer.acceptedConnections() == 0);
    assertThat(hub.isConnected("later")).isFalse();

    hub.nudge("later");

    soon().until(() -> hub.isConnected("later"));
    soon().until(() -> listener.linkUps("later") == 1);
    assertThat(hub.status("later").orElseThrow().failures()).isZero();
  }

  @Test
  void aNewConnectResumesALinkThatGaveUpOnAStaleSocket() throws IOException {
    Path path = dir.resolve("stale.sock");
    try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      crashed.bind(UnixDomainSocketAddress.of(path));
    }
    assertThat(path).exists();
    hub.connect("stale", path, false);
    soon().until(() -> state("stale") == Link.State.GAVE_UP);

    FakePeer peer = FakePeer.listen(path);
    peers.add(peer);
    hub.connect("stale", path, false);

    // connected means the connection is in the listener's backlog: count it once accepted
    soon().until(() -> hub.isConnected("stale") && peer.acceptedConnections() > 0);
    assertThat(peer.acceptedConnections()).isEqualTo(1);
  }

  @Test
  void connectForAKnownIdReplacesTheOldLink() throws IOException {
    FakePeer first = peer("one");
    FakePeer second = peer("two");
    hub.connect("p", first.path(), false);
    soon().until(() -> hub.isConnected("p"));

    hub.connect("p", second.path(), false);

    soon().until(() -> second.acceptedConnections() == 1 && hub.isConnected("p"));
    soon().until(() -> first.openConnections() == 0);
    hub.send("p", message("m1", "to the new socket"));
    assertThat(texts(second.awaitLines(1, WAIT))).containsExactly("to the new socket");
    assertThat(first.lines()).isEmpty();
    soon().until(() -> listener.linkUps("p") == 2);
  }

  @Test
  void disconnectIsFinalForThatId() throws IOException {
    FakePeer peer = peer("bye");
    hub.connect("bye", peer.path(), false);
    soon().until(() -> hub.isConnected("bye"));

    hub.disconnect("bye");

    soon().until(() -> peer.openConnections() == 0);
    hub.nudge("bye");
    hub.send("bye", message("m1"));
    hub.disconnect("unknown");
    assertThat(hub.isConnected("bye")).isFalse();
    assertThat(hub.status("bye")).isEmpty();
    assertThat(peer.acceptedConnections()).isEqualTo(1);
    assertThat(peer.lines()).isEmpty();
  }

  @Test
  void refusesASymlinkEvenToALiveSocket() throws IOException {
    FakePeer peer = peer("real");
    Path link = Files.createSymbolicLink(dir.resolve("link.sock"), peer.path());

    hub.connect("sym", link, false);

    soon().until(() -> state("sym") == Link.State.GAVE_UP);
    assertThat(peer.acceptedConnections()).isZero();
    assertThat(hub.isConnected("sym")).isFalse();
  }

  @Test
  void refusesARegularFileAndLeavesItAlone() throws IOException {
    Path file = Files.writeString(dir.resolve("file.sock"), "not a socket");

    hub.connect("file", file, false);

    soon().until(() -> state("file") == Link.State.GAVE_UP);
    assertThat(file).hasContent("not a socket");
    assertThat(hub.isConnected("file")).isFalse();
  }

  @Test
  void aFailingListenerDoesNotStopDelivery() throws IOException {
    FakePeer peer = peer("boom");
    listener.onLinkUp(
        id -> {
          throw new IllegalStateException("store unavailable");
        });
    hub.connect("boom", peer.path(), false);
    soon().until(() -> hub.isConnected("boom"));

    hub.send("boom", message("m1", "still delivered"));

    assertThat(texts(peer.awaitLines(1, WAIT))).containsExactly("still delivered");
    soon().until(() -> listener.written("boom").contains("m1"));
  }
}
