package dev.slmmesh.push;

import static dev.slmmesh.push.Notifications.locked;
import static dev.slmmesh.push.Notifications.message;
import static dev.slmmesh.push.Waiting.soon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code close()}: shutdown lines, bounded flush, idempotence, no work afterwards. */
class PushHubCloseTest {

  private static final Duration WAIT = Waiting.LIMIT;

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  private final RecordingListener listener = new RecordingListener();
  private final PushHub hub = new PushHub(listener, 2);
  private final List<FakePeer> peers = new ArrayList<>();

  @AfterEach
  void tearDown() throws IOException {
    hub.close();
    for (FakePeer peer : peers) {
      peer.close();
    }
  }

  private FakePeer connected(String peerId) throws IOException {
    FakePeer peer = FakePeer.listen(dir.resolve(peerId + ".sock"));
    peers.add(peer);
    hub.connect(peerId, peer.path(), false);
    soon().until(() -> hub.isConnected(peerId));
    return peer;
  }

  private static String type(JsonNode line) {
    return line.path("type").asText();
  }

  @Test
  void sendsShutdownToEveryConnectedPeerOnceAndStopsItsThreads() throws IOException {
    for (String id : List.of("a", "b", "c")) {
      connected(id);
    }

    hub.close();
    hub.close();

    for (FakePeer peer : peers) {
      assertThat(peer.awaitLines(1, WAIT))
          .singleElement()
          .satisfies(line -> assertThat(type(line)).isEqualTo("shutdown"));
      soon().until(() -> peer.openConnections() == 0);
    }
    assertThat(hub.isTerminated()).isTrue();
    assertThat(hub.isConnected("a")).isFalse();
    assertThat(peers).allSatisfy(peer -> assertThat(peer.lines()).hasSize(1));
  }

  @Test
  void flushesQueuedNotificationsBeforeTheShutdownLine() throws IOException {
    FakePeer peer = connected("q");
    for (int i = 0; i < 200; i++) {
      hub.send("q", message("m" + i));
    }

    hub.close();

    List<JsonNode> lines = peer.awaitLines(201, WAIT);
    assertThat(lines).hasSize(201);
    assertThat(type(lines.get(200))).isEqualTo("shutdown");
    assertThat(lines.subList(0, 200))
        .allSatisfy(line -> assertThat(type(line)).isEqualTo("message"));
  }

  @Test
  void ignoresEveryCallAfterClose() throws IOException {
    FakePeer peer = connected("x");
    hub.close();
    peer.awaitLines(1, WAIT);

    hub.connect("x", peer.path(), true);
    hub.send("x", message("m1"));
    hub.broadcast(locked("/a"));
    hub.nudge("x");
    hub.disconnect("x");

    assertThat(hub.isConnected("x")).isFalse();
    assertThat(peer.acceptedConnections()).isEqualTo(1);
    assertThat(peer.lines()).hasSize(1);
  }

  @Test
  void closeReturnsEvenWhenAPeerNeverReads() throws IOException {
    Path path = dir.resolve("stuck.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(path));
      hub.connect("stuck", path, false);
      try (SocketChannel neverRead = server.accept()) {
        soon().until(() -> hub.isConnected("stuck"));
        String big = "x".repeat(64 * 1024);
        for (int i = 0; i < 60; i++) {
          hub.send("stuck", message("s" + i, big));
        }
        soon().until(() -> hub.status("stuck").orElseThrow().pendingBytes() > 0);

        assertTimeoutPreemptively(Duration.ofSeconds(10), hub::close);

        assertThat(hub.isTerminated()).isTrue();
        assertThat(neverRead.isOpen()).isTrue();
      }
    }
  }
}
