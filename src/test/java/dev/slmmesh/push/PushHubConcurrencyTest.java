package dev.slmmesh.push;

import static dev.slmmesh.push.Notifications.message;
import static dev.slmmesh.push.Waiting.soon;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.base.Backoff;
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
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Senders on several threads and the I/O loop writing one link: lines stay whole, each sender's
 * order holds, nothing is lost or doubled while the link switches between writing on the sending
 * thread and queueing for the loop, and a peer that goes away never reaches a caller.
 */
class PushHubConcurrencyTest {

  private static final Backoff FAST =
      new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ZERO, 10);
  private static final int SENDERS = 4;
  private static final int PER_SENDER = 400;

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  private final RecordingListener listener = new RecordingListener();
  // a budget no test reaches: a dropped line would be a lost line here
  private final PushHub hub =
      new PushHub(
          listener, PushOptions.DEFAULT.withBackoff(FAST).withPendingLimits(100_000, 256L << 20));
  private final ExecutorService senders = Executors.newFixedThreadPool(SENDERS + 1);
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    senders.shutdownNow();
    hub.close();
    for (AutoCloseable resource : resources) {
      resource.close();
    }
  }

  private static String messageId(JsonNode line) {
    return line.path("payload").path("messageId").asText();
  }

  /** Every 10th message is large enough to fill the socket buffer now and then. */
  private static String text(String id, int i) {
    return i % 10 == 0 ? id + "-" + "x".repeat(32 * 1024) : id + "-short";
  }

  private void runConcurrently(List<Runnable> tasks) throws Exception {
    CyclicBarrier start = new CyclicBarrier(tasks.size());
    List<Future<?>> done = new ArrayList<>();
    for (Runnable task : tasks) {
      done.add(
          senders.submit(
              () -> {
                start.await(Waiting.LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                task.run();
                return null;
              }));
    }
    for (Future<?> future : done) {
      future.get(Waiting.LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Test
  void linesOfConcurrentSendersStayWholeAndInEachSendersOrder() throws Exception {
    FakePeer peer = FakePeer.listen(dir.resolve("c.sock"));
    resources.add(peer);
    hub.connect("p", peer.path(), false);
    soon().until(() -> hub.isConnected("p"));
    List<Runnable> tasks = new ArrayList<>();
    for (int s = 0; s < SENDERS; s++) {
      String prefix = "s" + s + "-";
      tasks.add(
          () ->
              IntStream.range(0, PER_SENDER)
                  .forEach(i -> hub.send("p", message(prefix + i, text(prefix + i, i)))));
    }
    // broadcasts take the same path: one more sender whose lines must stay in order too
    tasks.add(
        () ->
            IntStream.range(0, PER_SENDER)
                .forEach(i -> hub.broadcast(Notification.locked("/b" + i, "b", Instant.EPOCH))));

    runConcurrently(tasks);

    // FakePeer.json() fails on any line that is not one whole JSON object
    List<JsonNode> lines = peer.awaitLines((SENDERS + 1) * PER_SENDER, Waiting.LIMIT);
    assertThat(lines).hasSize((SENDERS + 1) * PER_SENDER);
    for (int s = 0; s < SENDERS; s++) {
      String prefix = "s" + s + "-";
      List<String> expected = IntStream.range(0, PER_SENDER).mapToObj(i -> prefix + i).toList();
      assertThat(
              lines.stream()
                  .map(PushHubConcurrencyTest::messageId)
                  .filter(id -> id.startsWith(prefix)))
          .containsExactlyElementsOf(expected);
      assertThat(lines.stream().filter(n -> messageId(n).startsWith(prefix)))
          .allSatisfy(
              n ->
                  assertThat(n.path("payload").path("text").asText())
                      .isEqualTo(text(messageId(n), Integer.parseInt(messageId(n).substring(3)))));
    }
    assertThat(
            lines.stream()
                .filter(n -> n.path("type").asText().equals("lock_update"))
                .map(n -> n.path("payload").path("filePath").asText()))
        .containsExactlyElementsOf(IntStream.range(0, PER_SENDER).mapToObj(i -> "/b" + i).toList());
    soon().until(() -> listener.written("p").size() >= SENDERS * PER_SENDER);
    assertThat(listener.written("p")).doesNotHaveDuplicates().hasSize(SENDERS * PER_SENDER);
  }

  @Test
  void aPeerThatStallsAndResumesGetsEveryLineOnceInOrder() throws Exception {
    StallingPeer peer = StallingPeer.listen(dir.resolve("s.sock"));
    resources.add(peer);
    hub.connect("p", peer.path(), false);
    peer.accept();
    soon().until(() -> hub.isConnected("p"));
    List<String> sent = new ArrayList<>();
    String big = "y".repeat(16 * 1024);
    while (pendingBytes() == 0 && sent.size() < 1_000) {
      send(sent, big);
    }
    for (int i = 0; i < 100; i++) {
      send(sent, big);
    }

    peer.resume();
    // while the backlog drains: queued at first, written on this thread again once it is gone
    for (int i = 0; i < 300; i++) {
      send(sent, i % 2 == 0 ? big : "short");
    }
    soon().until(() -> pendingBytes() == 0);
    for (int i = 0; i < 50; i++) {
      send(sent, "after");
    }

    List<String> lines = peer.awaitLines(sent.size());
    assertThat(lines.stream().map(PushHubConcurrencyTest::id)).containsExactlyElementsOf(sent);
    soon().until(() -> listener.written("p").size() >= sent.size());
    assertThat(listener.written("p")).containsExactlyElementsOf(sent);
    assertThat(hub.status("p").orElseThrow().dropped()).isZero();
  }

  @Test
  void aPeerThatClosesMidStreamNeverReachesTheCaller() throws Exception {
    FakePeer peer = FakePeer.listen(dir.resolve("d.sock"));
    resources.add(peer);
    hub.connect("p", peer.path(), false);
    soon().until(() -> hub.isConnected("p"));
    List<Runnable> tasks = new ArrayList<>();
    for (int s = 0; s < 2; s++) {
      String prefix = "s" + s + "-";
      tasks.add(
          () ->
              IntStream.range(0, 2_000)
                  .forEach(i -> hub.send("p", message(prefix + i, text(prefix + i, i)))));
    }
    tasks.add(
        () -> {
          soon().until(() -> peer.lines().size() >= 100);
          try {
            peer.dropConnections();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });

    runConcurrently(tasks); // any exception of a send() would fail here

    soon().until(() -> listener.linkUps("p") == 2 && hub.isConnected("p"));
    hub.send("p", message("after"));
    soon().until(() -> peer.lines().stream().anyMatch(l -> l.contains("\"messageId\":\"after\"")));
    assertThat(peer.acceptedConnections()).isEqualTo(2);
    assertThat(peer.json()).as("every line whole").isNotEmpty();
  }

  private long pendingBytes() {
    return hub.status("p").orElseThrow().pendingBytes();
  }

  private void send(List<String> sent, String text) {
    String id = "m" + sent.size();
    sent.add(id);
    hub.send("p", message(id, text));
  }

  private static String id(String line) {
    try {
      return messageId(Json.MAPPER.readTree(line));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("not one whole JSON line: " + line, e);
    }
  }
}
