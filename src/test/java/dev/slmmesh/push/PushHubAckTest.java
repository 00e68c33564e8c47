package dev.slmmesh.push;

import static dev.slmmesh.push.Notifications.message;
import static dev.slmmesh.push.Waiting.soon;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.testkit.FakePeer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ack direction: peers that registered with {@code acknowledges=true} confirm messages. */
class PushHubAckTest {

  private static final Duration WAIT = Waiting.LIMIT;

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  private final RecordingListener listener = new RecordingListener();
  private final PushHub hub = new PushHub(listener);
  private FakePeer peer;

  @AfterEach
  void tearDown() throws IOException {
    hub.close();
    if (peer != null) {
      peer.close();
    }
  }

  private void connect(boolean autoAck, boolean acknowledges) throws IOException {
    peer = FakePeer.listen(dir.resolve("ack.sock")).autoAck(autoAck);
    hub.connect("p", peer.path(), acknowledges);
    soon().until(() -> hub.isConnected("p"));
  }

  @Test
  void reportsAcknowledgedMessagesInOrder() throws IOException {
    connect(true, true);

    hub.send("p", message("m1"));
    hub.send("p", message("m2"));

    soon().until(() -> listener.acknowledged("p").size() == 2);
    assertThat(listener.acknowledged("p")).containsExactly("m1", "m2");
    assertThat(listener.written("p")).containsExactly("m1", "m2");
  }

  @Test
  void ignoresMalformedOversizedAndForeignAcksAndResyncs() throws IOException {
    connect(false, true);
    hub.send("p", message("m1"));
    hub.send("p", message("m2"));
    peer.awaitLines(2, WAIT);
    String tooMany =
        IntStream.range(0, AckParser.MAX_IDS + 1)
            .mapToObj(i -> i == 0 ? "\"m1\"" : "\"x" + i + "\"")
            .collect(Collectors.joining(",", "{\"type\":\"ack\",\"messageIds\":[", "]}"));

    peer.writeLine("{\"type\":\"ack\",\"messageIds\":[1]}");
    peer.writeLine("{\"type\":\"ack\",\"messageIds\":\"m1\"}");
    peer.writeLine("{\"type\":\"ack\",\"messageIds\":[\"m1\", null]}");
    peer.writeLine("{\"type\":\"nack\",\"messageIds\":[\"m1\"]}");
    peer.writeLine("{\"type\":\"ack\",\"messageIds\":[\"m1\"]");
    peer.writeLine(
        "{\"type\":\"ack\",\"messageIds\":[\"m1\"],\"pad\":\""
            + "x".repeat(NdjsonReader.MAX_LINE_BYTES)
            + "\"}");
    peer.writeLine(tooMany);
    peer.writeLine("{\"type\":\"ack\",\"messageIds\":[\"never-sent\"]}");
    peer.writeLine("{\"type\":\"ack\",\"messageIds\":[\"m2\"]}");

    soon().until(() -> !listener.acknowledged("p").isEmpty());
    assertThat(listener.acknowledged("p")).containsExactly("m2");
    assertThat(hub.isConnected("p")).isTrue();
  }

  @Test
  void ignoresAcksFromAPeerThatDoesNotAcknowledge() throws IOException {
    connect(true, false);

    hub.send("p", message("m1"));

    soon().until(() -> listener.written("p").contains("m1"));
    soon().during(Duration.ofMillis(200)).until(() -> listener.acknowledged("p").isEmpty());
  }

  @Test
  void anAcknowledgedMessageIsNotPushedAgainOnItsConnectionButIsOnANewOne() throws IOException {
    connect(true, true);
    hub.send("p", message("m1"));
    soon().until(() -> listener.acknowledged("p").contains("m1"));

    // a refill from the store before the store has the ack: the peer must not see it twice
    hub.send("p", message("m1"));
    soon().during(Duration.ofMillis(200)).until(() -> peer.lines().size() == 1);

    peer.dropConnections();
    // the second accepted connection, not the open count: the dropped one may still count as
    // open (and the hub still see it up) until both read its end
    soon().until(() -> peer.acceptedConnections() == 2 && hub.isConnected("p"));
    hub.send("p", message("m1"));
    assertThat(peer.awaitLines(2, WAIT))
        .allSatisfy(n -> assertThat(n.path("payload").path("messageId").asText()).isEqualTo("m1"));
  }
}
