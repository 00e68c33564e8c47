package dev.slmmesh.push;

import static dev.slmmesh.push.Notifications.message;
import static dev.slmmesh.push.Waiting.soon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.broker.PushNotifier;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The push seam's contract: what every transport that carries notifications from a broker to
 * sessions must do, whatever its wire (Unix socket, WebSocket, another broker on the same store).
 * Each transport is a subclass that builds a {@link Rig}; the broker's side is {@link
 * ContractDeliveries}, which re-offers what is unacknowledged on every new connection, as the
 * broker's deliveries do.
 */
abstract class PushContract {

  /** One session on the far side of the transport, driven by the test. */
  interface Peer {
    /** Every frame received on any of its connections, in arrival order. */
    List<JsonNode> frames();

    /** Acknowledges messages on the current connection. */
    void ack(List<String> messageIds) throws Exception;

    /** Stops (true) or resumes (false) reading: the transport's writes to it back up. */
    void stall(boolean on);

    /** Drops the current connection; a new one comes up by the transport's own means. */
    void reconnect() throws Exception;

    /** Connections to it that the transport has not closed. */
    int openConnections();
  }

  /** The transport under test, wired to {@code deliveries} as the daemon wires it. */
  interface Rig extends AutoCloseable {
    /** Where the broker hands notifications in. */
    PushNotifier notifier();

    /** Attaches a session; returns once its connection is up. */
    Peer attach(String peerId) throws Exception;

    /** Shuts the transport down as the daemon's close does (for the cluster, every broker). */
    default void shutDown() {
      notifier().close();
    }
  }

  /** Builds the transport; it must call {@link ContractDeliveries#target} with its notifier. */
  protected abstract Rig rig(ContractDeliveries deliveries) throws Exception;

  protected final ContractDeliveries deliveries = new ContractDeliveries();
  private Rig rig;

  @BeforeEach
  void setUpRig() throws Exception {
    rig = rig(deliveries);
  }

  @AfterEach
  void closeRig() throws Exception {
    rig.close();
  }

  private Peer attach(String peerId) throws Exception {
    Peer peer = rig.attach(peerId);
    soon().until(() -> deliveries.linkUps(peerId) >= 1);
    return peer;
  }

  static List<String> messageIds(Peer peer) {
    return peer.frames().stream()
        .filter(f -> "message".equals(f.path("type").asText()))
        .map(f -> f.path("payload").path("messageId").asText())
        .toList();
  }

  private static String last(Peer peer) {
    List<JsonNode> frames = peer.frames();
    return frames.isEmpty() ? "" : frames.get(frames.size() - 1).path("type").asText();
  }

  @Test
  void deliversEachPeersMessagesInOrder() throws Exception {
    Peer alice = attach("alice");
    Peer bob = attach("bob");
    List<String> ids = IntStream.rangeClosed(1, 50).mapToObj(i -> "m" + i).toList();
    for (String id : ids) {
      deliveries.deliver("alice", message(id));
    }
    deliveries.deliver("bob", message("b1"));

    soon().until(() -> messageIds(alice).size() >= ids.size());
    assertThat(messageIds(alice)).containsExactlyElementsOf(ids);
    soon().until(() -> messageIds(bob).contains("b1"));
    assertThat(messageIds(bob)).containsExactly("b1");
  }

  @Test
  void anAcknowledgementReleasesTheMessage() throws Exception {
    Peer alice = attach("alice");
    deliveries.deliver("alice", message("m1"));
    deliveries.deliver("alice", message("m2"));
    soon().until(() -> messageIds(alice).size() >= 2);

    alice.ack(List.of("m1", "m2"));

    soon().until(() -> deliveries.acknowledged("alice").size() >= 2);
    assertThat(deliveries.acknowledged("alice")).containsExactly("m1", "m2");
    assertThat(deliveries.pending("alice")).isEmpty();
  }

  @Test
  void whatIsUnacknowledgedIsOfferedAgainOnReconnect() throws Exception {
    Peer alice = attach("alice");
    deliveries.deliver("alice", message("m1"));
    deliveries.deliver("alice", message("m2"));
    soon().until(() -> messageIds(alice).size() >= 2);
    alice.ack(List.of("m1"));
    soon().until(() -> deliveries.acknowledged("alice").contains("m1"));

    alice.reconnect();

    soon().until(() -> deliveries.linkUps("alice") >= 2 && messageIds(alice).size() >= 3);
    assertThat(messageIds(alice)).containsExactly("m1", "m2", "m2");
  }

  @Test
  void aStalledPeerDoesNotHoldUpTheOthers() throws Exception {
    Peer slow = attach("slow");
    Peer fast = attach("fast");
    slow.stall(true);
    String big = "x".repeat(16 * 1024);
    try {
      for (int i = 0; i < 300; i++) { // about 5 MB: more than any socket buffer holds
        deliveries.deliver("slow", message("s" + i, big));
      }
      deliveries.deliver("fast", message("f1"));

      soon().until(() -> messageIds(fast).contains("f1"));
    } finally {
      slow.stall(false);
    }
  }

  @Test
  void closeTellsEveryPeerAndEndsItsConnectionOnce() throws Exception {
    Peer alice = attach("alice");
    Peer bob = attach("bob");
    deliveries.deliver("alice", message("m1"));
    soon().until(() -> messageIds(alice).contains("m1"));

    rig.shutDown();

    soon().until(() -> last(alice).equals("shutdown") && last(bob).equals("shutdown"));
    soon().until(() -> alice.openConnections() == 0 && bob.openConnections() == 0);
    assertThatCode(
            () -> {
              rig.shutDown();
              rig.notifier().send("alice", message("late"));
            })
        .doesNotThrowAnyException();
    assertThat(messageIds(alice)).doesNotContain("late");
  }
}
