package dev.slmmesh.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.broker.Broker;
import dev.slmmesh.store.EventQuery;
import dev.slmmesh.wire.Event;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.Message;
import dev.slmmesh.wire.Peer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What open pages see, pushed as it changes. Events reach it through the event bus's watcher the
 * moment they commit (and start a refresh at once); everything without an event of its own
 * (heartbeats, delivery and read marks, expiries, deletes) is caught by a refresh every {@link
 * #TICK} while at least one page is open. Each refresh compares with what pages were last sent and
 * sends only the difference. With no page open it does no work at all: no timer runs and the
 * watcher returns at once. Everything but {@link #onEvent} runs on the one feed thread.
 */
final class LiveFeed implements AutoCloseable {
  static final Duration TICK = Duration.ofMillis(500);

  /** The newest messages kept current; older ones are read when the page scrolls to them. */
  static final int WINDOW = 200;

  static final int FIRST_EVENTS = 100;
  static final int MAX_STATE = 1000;
  static final int MAX_QUEUED_EVENTS = 1000;
  private static final long PING_EVERY_TICKS = 20;
  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

  private final Broker broker;
  private final Clock clock;
  private final ScheduledExecutorService thread;

  /** Open pages with the session each belongs to. */
  private final Map<Page, String> streams = new HashMap<>();

  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentLinkedQueue<Event> newEvents = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queuedEvents = new AtomicInteger();
  private final AtomicBoolean refreshQueued = new AtomicBoolean();
  private @Nullable ScheduledFuture<?> ticking;
  private long ticks;

  /** What pages were last sent: peers and the message window (newest first) as JSON by id. */
  private final Map<String, String> peers = new LinkedHashMap<>();

  private final Map<String, String> window = new LinkedHashMap<>();
  private String locks = "";
  private String state = "";

  LiveFeed(Broker broker, Clock clock, ScheduledExecutorService thread) {
    this.broker = broker;
    this.clock = clock;
    this.thread = thread;
  }

  /** The event watcher: quick, never calls the store (it runs after a commit). */
  /** Pages open or opening (for tests: whether the feed is at work). */
  int openPages() {
    return open.get();
  }

  void onEvent(Event e) {
    if (open.get() == 0) {
      return;
    }
    if (queuedEvents.incrementAndGet() > MAX_QUEUED_EVENTS) {
      queuedEvents
          .decrementAndGet(); // the page misses it live; it is in the store for the next load
    } else {
      newEvents.add(e);
    }
    if (refreshQueued.compareAndSet(false, true)) {
      thread.execute(this::refreshSafely);
    }
  }

  /**
   * Adds a page of session {@code sessionId}: it gets {@code hello}, then a full snapshot, then the
   * differences.
   */
  void open(Page stream, String sessionId, String hello) {
    open.incrementAndGet();
    thread.execute(
        () -> {
          refreshSafely();
          streams.put(stream, sessionId);
          stream.send("hello", hello);
          stream.send(
              "peers", "{\"replace\":true,\"upsert\":[" + String.join(",", peers.values()) + "]}");
          stream.send(
              "messages",
              "{\"replace\":true,\"rows\":[" + String.join(",", window.values()) + "]}");
          stream.send("locks", locks);
          stream.send("state", state);
          stream.send("events", "{\"replace\":true,\"rows\":" + Json.write(firstEvents()) + "}");
          if (ticking == null) {
            ticking =
                thread.scheduleWithFixedDelay(
                    this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
          }
        });
  }

  /**
   * A stream ended (the page closed, the broker stops): forget it, and stop ticking if it was the
   * last.
   */
  void closed(Page stream) {
    thread.execute(
        () -> {
          if (streams.remove(stream) != null && open.decrementAndGet() == 0 && ticking != null) {
            ticking.cancel(false);
            ticking = null;
            peers.clear();
            window.clear();
            newEvents.clear();
            queuedEvents.set(0);
          }
        });
  }

  /** Ends the streams of one session (it logged out). */
  void closeSession(String sessionId) {
    thread.execute(
        () ->
            new ArrayList<>(streams.entrySet())
                .stream()
                    .filter(e -> e.getValue().equals(sessionId))
                    .forEach(e -> e.getKey().close()));
  }

  private List<ObjectNode> firstEvents() {
    return broker.events().read(new EventQuery(List.of(), null, FIRST_EVENTS)).stream()
        .map(Views::event)
        .toList();
  }

  private void tick() {
    broker.idle().touch(); // an open page keeps the broker up
    refreshSafely();
    if (++ticks % PING_EVERY_TICKS == 0) {
      streams.keySet().forEach(Page::ping);
    }
  }

  private void refreshSafely() {
    refreshQueued.set(false);
    try {
      refresh();
    } catch (RuntimeException e) {
      LOG.warn("Dashboard refresh failed (the next one retries): {}", e.toString());
    }
  }

  private void refresh() {
    List<Event> events = new ArrayList<>();
    for (Event e; (e = newEvents.poll()) != null; ) {
      queuedEvents.decrementAndGet();
      events.add(e);
    }
    String peerDiff = peersChanged();
    String messageDiff = messagesChanged();
    String lockRows =
        "{\"now\":"
            + clock.millis()
            + ",\"rows\":"
            + Json.write(Views.array(broker.locks().query(null, null), Views::lock))
            + "}";
    String stateRows =
        "{\"rows\":" + Json.write(Views.array(broker.state().all(MAX_STATE), Views::state)) + "}";
    boolean locksChanged = !stripNow(lockRows).equals(stripNow(locks));
    boolean stateChanged = !stateRows.equals(state);
    locks = lockRows;
    state = stateRows;
    for (Page s : streams.keySet()) {
      if (peerDiff != null) {
        s.send("peers", peerDiff);
      }
      if (messageDiff != null) {
        s.send("messages", messageDiff);
      }
      if (locksChanged) {
        s.send("locks", lockRows);
      }
      if (stateChanged) {
        s.send("state", stateRows);
      }
      if (!events.isEmpty()) {
        List<ObjectNode> rows = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0; i--) {
          rows.add(Views.event(events.get(i)));
        }
        s.send("events", "{\"rows\":" + Json.write(rows) + "}");
      }
    }
  }

  private static String stripNow(String lockRows) {
    int rows = lockRows.indexOf(",\"rows\":");
    return rows < 0 ? lockRows : lockRows.substring(rows);
  }

  /** The changed and departed peers as one frame, or null if none changed. */
  private @Nullable String peersChanged() {
    Map<String, String> now = new LinkedHashMap<>();
    for (Peer p : broker.peers().list("mesh", null, null, null)) {
      now.put(p.id(), Json.write(Views.peer(p)));
    }
    List<String> upsert = new ArrayList<>();
    now.forEach(
        (id, json) -> {
          if (!json.equals(peers.get(id))) {
            upsert.add(json);
          }
        });
    List<String> gone = new ArrayList<>();
    for (String id : peers.keySet()) {
      if (!now.containsKey(id)) {
        gone.add(id);
      }
    }
    peers.clear();
    peers.putAll(now);
    if (upsert.isEmpty() && gone.isEmpty()) {
      return null;
    }
    return "{\"upsert\":[" + String.join(",", upsert) + "],\"remove\":" + Json.write(gone) + "}";
  }

  /**
   * New messages and status changes in the newest {@link #WINDOW}, or null if none. When more than
   * a window arrived since the last refresh, the page's list is replaced (it would have a gap
   * otherwise).
   */
  private @Nullable String messagesChanged() {
    Map<String, String> now = new LinkedHashMap<>();
    for (Message m : broker.mailbox().timeline(null, WINDOW)) {
      now.put(m.id(), Json.write(Views.message(m)));
    }
    boolean gap =
        !window.isEmpty()
            && now.size() == WINDOW
            && now.keySet().stream().noneMatch(window::containsKey);
    List<String> changed = new ArrayList<>();
    now.forEach(
        (id, json) -> {
          if (gap || !json.equals(window.get(id))) {
            changed.add(json);
          }
        });
    window.clear();
    window.putAll(now);
    if (changed.isEmpty()) {
      return null;
    }
    return "{\"replace\":" + gap + ",\"rows\":[" + String.join(",", changed) + "]}";
  }

  /** Ends every open stream; the pages show that they lost the broker. */
  @Override
  public void close() {
    thread.execute(() -> new ArrayList<>(streams.keySet()).forEach(Page::close));
  }
}
