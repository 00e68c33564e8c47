package dev.slmmesh.push;

import static dev.slmmesh.push.Notifications.message;
import static dev.slmmesh.push.Waiting.soon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.slmmesh.base.Backoff;
import dev.slmmesh.base.Threads;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.Notification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write path of one link with its I/O loop held still: until a test starts the loop, the test
 * thread acts as the loop thread (connecting the link), so whatever reaches the peer before then
 * was written by the sending thread itself.
 */
class LinkTest {

  private static final Backoff FAST =
      new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ZERO, 10);

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  private final RecordingListener listener = new RecordingListener();
  private final DeliveryCallbacks callbacks = new DeliveryCallbacks(listener, 1_000);
  private final IoLoop loop = new IoLoop(callbacks, Threads.numbered("push-io-"));
  private boolean loopStarted;
  private StallingPeer peer;
  private Link link;

  @AfterEach
  void tearDown() throws IOException {
    startLoop();
    loop.shutdown(Frame.of(Notification.shutdown(Instant.now())), System.nanoTime());
    assertThat(loop.awaitTermination(Waiting.LIMIT)).isTrue();
    callbacks.close(Duration.ofSeconds(1));
    if (peer != null) {
      peer.close();
    }
  }

  /** Connects a link on the (not yet running) loop's behalf: a Unix socket connect is immediate. */
  private void connect(PushOptions options) throws IOException {
    connect(options, false);
  }

  private void connect(PushOptions options, boolean acknowledges) throws IOException {
    peer = StallingPeer.listen(dir.resolve("l.sock"));
    link = new Link("p", peer.path(), acknowledges, loop, options.withBackoff(FAST));
    link.start();
    peer.accept();
    assertThat(link.isConnected()).isTrue();
  }

  private void startLoop() {
    if (!loopStarted) {
      loopStarted = true;
      loop.start();
    }
  }

  private static List<String> ids(List<String> lines) {
    return lines.stream().map(LinkTest::messageId).toList();
  }

  private static String messageId(String line) {
    try {
      return Json.MAPPER.readTree(line).path("payload").path("messageId").asText();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("not one intact JSON line: " + line, e);
    }
  }

  @Test
  void writesOnTheSendingThreadWhileTheLinkIsIdle() throws IOException {
    connect(PushOptions.DEFAULT);

    link.send(Frame.of(message("m1")));
    link.send(Frame.of(message("m2")));

    assertThat(ids(peer.readNow())).containsExactly("m1", "m2");
    soon().until(() -> listener.written("p").size() == 2);
    assertThat(listener.written("p")).containsExactly("m1", "m2");
    assertThat(listener.callbackThreads()).allMatch(name -> name.startsWith("push-callback-"));
    assertThat(link.status().pendingBytes()).isZero();
  }

  @Test
  void leavesWhatTheSocketDidNotTakeToTheLoopInOrder() throws IOException {
    connect(PushOptions.DEFAULT);
    String big = "x".repeat(16 * 1024);
    List<String> sent = new ArrayList<>();
    while (link.status().pendingBytes() == 0 && sent.size() < 1_000) {
      sent.add("m" + sent.size());
      link.send(Frame.of(message(sent.get(sent.size() - 1), big)));
    }
    assertThat(link.status().pendingBytes()).as("the socket buffer is full").isPositive();
    for (int i = 0; i < 20; i++) {
      sent.add("m" + sent.size());
      link.send(Frame.of(message(sent.get(sent.size() - 1), big)));
    }
    List<String> before = ids(peer.readNow());
    assertThat(peer.readNow()).as("nothing more is written until the loop runs").isEmpty();
    assertThat(before).isEqualTo(sent.subList(0, before.size())).hasSizeLessThan(sent.size());

    startLoop();
    peer.resume();

    assertThat(ids(peer.awaitLines(sent.size()))).containsExactlyElementsOf(sent);
    soon().until(() -> listener.written("p").size() >= sent.size());
    assertThat(listener.written("p")).containsExactlyElementsOf(sent);
    assertThat(link.status().dropped()).isZero();
  }

  @Test
  void aWriteThatFailsIsLeftToTheLoopWhichReconnects() throws IOException {
    connect(PushOptions.DEFAULT);
    link.send(Frame.of(message("m1")));
    assertThat(ids(peer.readNow())).containsExactly("m1");
    peer.shutdownInput();

    assertThatCode(() -> link.send(Frame.of(message("m2")))).doesNotThrowAnyException();
    assertThat(link.isConnected()).as("failure handling is the loop's job").isTrue();
    startLoop();
    peer.accept();
    soon().until(() -> listener.linkUps("p") == 2 && link.isConnected());
    link.send(Frame.of(message("m3")));

    peer.resume();
    assertThat(ids(peer.awaitLines(2))).containsExactly("m1", "m3");
    soon().until(() -> listener.written("p").size() >= 2);
    assertThat(listener.written("p")).containsExactly("m1", "m3");
  }

  @Test
  void theBudgetDropsAFrameOnTheDirectPathAsInTheQueue() throws IOException {
    connect(PushOptions.DEFAULT.withPendingLimits(10, 1_000));

    link.send(Frame.of(message("big", "x".repeat(2_000))));
    link.send(Frame.of(message("small")));

    assertThat(peer.readNow()).as("nothing may overtake the dropped frame").isEmpty();
    assertThat(link.status().dropped()).isEqualTo(2);
    assertThat(link.status().pendingBytes()).isZero();
    startLoop();
    soon().until(() -> listener.drained().contains("p"));
    link.send(Frame.of(message("after")));
    assertThat(ids(peer.readNow())).containsExactly("after");
  }

  @Test
  void anAcknowledgingPeersWrittenIdsAreReportedWithItsAck() throws IOException {
    connect(PushOptions.DEFAULT, true);

    link.send(Frame.of(message("m1")));
    link.send(Frame.of(message("m2")));

    assertThat(ids(peer.readNow())).containsExactly("m1", "m2");
    soon().during(Duration.ofMillis(100)).until(() -> listener.written("p").isEmpty());
    startLoop();
    peer.writeLine("{\"type\":\"ack\",\"messageIds\":[\"m1\",\"m2\"]}");
    soon().until(() -> listener.acknowledged("p").size() == 2);
    assertThat(listener.written("p")).containsExactly("m1", "m2");
    assertThat(listener.acknowledged("p")).containsExactly("m1", "m2");
  }

  @Test
  void anAcknowledgingPeerThatDoesNotAckStillGetsItsWrittenIdsReported() throws IOException {
    connect(PushOptions.DEFAULT, true);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < Link.MAX_UNREPORTED - 1; i++) {
      sent.add("m" + i);
      link.send(Frame.of(message(sent.get(i))));
    }
    soon().during(Duration.ofMillis(100)).until(() -> listener.written("p").isEmpty());

    sent.add("last");
    link.send(Frame.of(message("last")));

    soon().until(() -> listener.written("p").size() == Link.MAX_UNREPORTED);
    assertThat(listener.written("p")).containsExactlyElementsOf(sent);
    link.send(Frame.of(message("after")));
    startLoop();
    peer.shutdownInput();
    link.send(Frame.of(message("fails")));
    soon().until(() -> listener.written("p").contains("after"));
    assertThat(listener.written("p")).hasSize(Link.MAX_UNREPORTED + 1);
  }
}
