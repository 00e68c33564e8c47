package dev.slmmesh.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.broker.Broker;
import dev.slmmesh.broker.Registration;
import dev.slmmesh.config.Config;
import dev.slmmesh.store.SqliteStore;
import dev.slmmesh.store.Store;
import dev.slmmesh.testkit.MutableClock;
import dev.slmmesh.testkit.RecordingPush;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The feed on a real broker over an in-memory store. Its one thread runs tasks in order, so a task
 * queued after an action runs after that action's work: {@link #flush} waits for it, no sleeps.
 */
class LiveFeedTest {
  private final MutableClock clock = MutableClock.at("2026-04-08T10:00:00Z");
  private final Store store = SqliteStore.inMemory();
  private final Broker broker =
      Broker.assemble(
          Config.defaults(Path.of("/data")),
          store,
          new RecordingPush(),
          clock,
          List.of(Path.of("/data/peers")),
          () -> 7899);
  private final AtomicInteger tasks = new AtomicInteger();

  /** Counts the tasks and timers the feed asks for (the test's own flushes are not counted). */
  private final ScheduledThreadPoolExecutor thread =
      new ScheduledThreadPoolExecutor(1) {
        @Override
        public void execute(Runnable command) {
          tasks.incrementAndGet();
          super.execute(command);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(
            Runnable command, long initialDelay, long delay, TimeUnit unit) {
          tasks.incrementAndGet();
          return super.scheduleWithFixedDelay(command, initialDelay, delay, unit);
        }
      };

  private final LiveFeed feed = new LiveFeed(broker, clock, thread);

  LiveFeedTest() {
    thread.setRemoveOnCancelPolicy(true); // as Dashboard.create sets it
    broker.events().watch(feed::onEvent);
  }

  @AfterEach
  void close() throws InterruptedException {
    thread.shutdownNow();
    thread.awaitTermination(5, TimeUnit.SECONDS);
    store.close();
  }

  /** A page that records what it was sent, as "event json". */
  static final class RecordingPage implements Page {
    final List<String> frames = new CopyOnWriteArrayList<>();

    @Override
    public void send(String event, String json) {
      frames.add(event + " " + json);
    }

    @Override
    public void ping() {
      frames.add("ping");
    }

    @Override
    public void close() {
      frames.add("closed");
    }

    List<String> named(String event) {
      return frames.stream().filter(f -> f.startsWith(event + " ")).toList();
    }
  }

  private void flush() throws Exception {
    thread.submit(() -> {}).get(10, TimeUnit.SECONDS);
  }

  private String register(String name) {
    Registration r =
        new Registration(
            "/repo",
            100,
            name,
            "/repo",
            "main",
            "claude-code",
            null,
            false,
            false,
            null,
            null,
            null);
    return broker.peers().register(r).peerId();
  }

  @Test
  void withNoPageOpenEventsCostNoTaskAndNoTimerRuns() throws Exception {
    register("alice");
    broker.mailbox().send("cli", "all", "hello", "text", null);
    flush();
    assertThat(tasks).hasValue(0);
    assertThat(thread.getQueue()).isEmpty();
  }

  @Test
  void aPageGetsHelloAndASnapshotThenOnlyWhatChanged() throws Exception {
    String alice = register("alice");
    RecordingPage page = new RecordingPage();
    feed.open(page, "s1", "{\"csrf\":\"x\"}");
    flush();
    assertThat(page.frames)
        .extracting(f -> f.split(" ")[0])
        .containsExactly("hello", "peers", "messages", "locks", "state", "events");
    assertThat(page.named("peers").get(0)).contains("\"replace\":true").contains(alice);
    page.frames.clear();

    String bob = register("bob");
    flush();
    assertThat(page.named("peers")).singleElement().asString().contains(bob).doesNotContain(alice);
    assertThat(page.named("events")).singleElement().asString().contains("peer_joined");
    page.frames.clear();

    broker.mailbox().send(alice, bob, "<b>hi</b>", "text", null);
    flush();
    assertThat(page.named("messages"))
        .singleElement()
        .asString()
        .contains("\"replace\":false")
        .contains("<b>hi</b>")
        .contains("\"status\":\"queued\"");
    page.frames.clear();

    feed.onEvent(
        broker
            .events()
            .emitCustom("nothing_else_changed", java.util.Map.of(), alice)); // forces a refresh
    flush();
    assertThat(page.named("peers")).isEmpty();
    assertThat(page.named("messages")).isEmpty();
    assertThat(page.named("locks")).isEmpty();
  }

  @Test
  void aStatusChangeWithoutAnEventReachesThePageOnTheNextRefresh() throws Exception {
    String alice = register("alice");
    String bob = register("bob");
    String id =
        ((dev.slmmesh.broker.Mailbox.Direct)
                broker.mailbox().send(alice, bob, "ping", "text", null))
            .messageId();
    RecordingPage page = new RecordingPage();
    feed.open(page, "s1", "{}");
    flush();
    page.frames.clear();

    broker.mailbox().markRead(bob, null, List.of(id)); // no event: only a refresh finds it
    broker.events().emitCustom("tick", java.util.Map.of(), alice);
    flush();

    assertThat(page.named("messages"))
        .singleElement()
        .asString()
        .contains(id)
        .contains("\"status\":\"read\"");
  }

  @Test
  void theLastPageClosingStopsTheTimer() throws Exception {
    RecordingPage page = new RecordingPage();
    feed.open(page, "s1", "{}");
    flush();
    assertThat(thread.getQueue()).hasSize(1); // the refresh timer
    feed.closed(page);
    flush();
    assertThat(feed.openPages()).isZero();
    assertThat(thread.getQueue()).isEmpty();
  }

  @Test
  void loggingOutEndsThatSessionsPagesOnly() throws Exception {
    RecordingPage mine = new RecordingPage();
    RecordingPage other = new RecordingPage();
    feed.open(mine, "s1", "{}");
    feed.open(other, "s2", "{}");
    feed.closeSession("s1");
    flush();
    assertThat(mine.frames).endsWith("closed");
    assertThat(other.frames).doesNotContain("closed");
  }
}
