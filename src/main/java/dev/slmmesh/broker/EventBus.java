package dev.slmmesh.broker;

import dev.slmmesh.store.EventQuery;
import dev.slmmesh.store.Store;
import dev.slmmesh.wire.Event;
import dev.slmmesh.wire.FlatJson;
import dev.slmmesh.wire.Notification;
import dev.slmmesh.wire.WireText;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The event log and its subscriptions (as in the original). Every event is stored and pushed to the
 * peers subscribed to its type or to {@code "*"}. Subscriptions live in memory, one set per
 * registered peer, replaced on each subscribe and dropped when the peer leaves.
 */
public final class EventBus {
  public static final Set<String> BUILT_IN = Set.copyOf(WireText.EVENT_TYPES);
  public static final int MAX_TYPES = 100;
  private static final Pattern CUSTOM_TYPE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  private final Store store;
  private final PushNotifier push;
  private final Clock clock;
  private final MeshActivity activity;
  private final Map<String, Set<String>> subscriptions = new ConcurrentHashMap<>();
  private volatile @Nullable Consumer<Event> watcher;

  public EventBus(Store store, PushNotifier push, Clock clock) {
    this(store, push, clock, MeshActivity.NONE);
  }

  /** As above, telling {@code activity} of every stored event. */
  public EventBus(Store store, PushNotifier push, Clock clock, MeshActivity activity) {
    this.store = store;
    this.push = push;
    this.clock = clock;
    this.activity = activity;
  }

  /**
   * Sets the one in-process watcher (the dashboard) that hears of every event once it is stored, or
   * clears it with null. The watcher runs where {@link Store#afterCommit} actions run: it must be
   * quick, must not throw and must not call the store. With none set, an event costs one volatile
   * read more.
   */
  public void watch(@Nullable Consumer<Event> watcher) {
    this.watcher = watcher;
  }

  /** Stores an event (joining the caller's transaction, if any) and pushes it to subscribers. */
  public Event emit(String type, Map<String, ?> payload, String emittedBy) {
    Instant now = clock.instant();
    Event event = new Event(Ids.event(), type, FlatJson.write(payload), emittedBy, now);
    store.events().insert(event);
    Notification notification = Notification.event(type, payload, now);
    // subscribers hear of an event only once it is stored, even when emitted inside a transaction
    store.afterCommit(() -> activity.event(type, emittedBy, event.payload()));
    store.afterCommit(
        () -> {
          fanOut(type, notification);
          push.shareEvent(type, notification);
          Consumer<Event> w = watcher;
          if (w != null) {
            w.accept(event);
          }
        });
    return event;
  }

  /**
   * Pushes an event to this broker's subscribers of its type (or of {@code "*"}), in one push
   * batch: the line is encoded once for all of them and each push thread is woken once.
   */
  public void fanOut(String type, Notification notification) {
    try (PushNotifier.SendBatch batch = push.batch()) {
      subscriptions.forEach(
          (peerId, types) -> {
            if (types.contains(type) || types.contains("*")) {
              batch.send(peerId, notification);
            }
          });
    }
  }

  /** A custom event from a peer; built-in types are refused so they cannot be spoofed. */
  public Event emitCustom(String type, Map<String, ?> data, String emittedBy) {
    if (!CUSTOM_TYPE.matcher(type).matches()) {
      throw new BrokerException(
          "type must be 1-64 characters of letters, digits and _ . : - for emit");
    }
    if (BUILT_IN.contains(type)) {
      throw new BrokerException("type must not be a built-in event type for emit: " + type);
    }
    return emit(type, data, emittedBy);
  }

  public List<Event> read(EventQuery query) {
    return store.events().read(query);
  }

  public void subscribe(String peerId, List<String> types) {
    subscriptions.put(peerId, Set.copyOf(types));
  }

  /** True if the peer is subscribed to {@code type} (or to every type). */
  public boolean subscribed(String peerId, String type) {
    Set<String> types = subscriptions.getOrDefault(peerId, Set.of());
    return types.contains(type) || types.contains("*");
  }

  public void unsubscribe(String peerId) {
    subscriptions.remove(peerId);
  }
}
