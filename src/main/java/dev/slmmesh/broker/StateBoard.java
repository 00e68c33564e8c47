package dev.slmmesh.broker;

import dev.slmmesh.store.Store;
import dev.slmmesh.wire.Notification;
import dev.slmmesh.wire.StateEntry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Shared key-value state, namespaced, last writer wins (docs/wire.md). */
public final class StateBoard {
  private final Store store;
  private final Credentials credentials;
  private final EventBus events;
  private final PushNotifier push;
  private final Clock clock;
  private final MeshActivity activity;

  public StateBoard(
      Store store,
      Credentials credentials,
      EventBus events,
      PushNotifier push,
      Clock clock,
      MeshActivity activity) {
    this.activity = activity;
    this.store = store;
    this.credentials = credentials;
    this.events = events;
    this.push = push;
    this.clock = clock;
  }

  public Optional<StateEntry> get(String namespace, String key) {
    checkNames(namespace, key);
    return store.state().get(namespace, key);
  }

  public StateEntry set(
      String namespace, String key, String value, String peerId, @Nullable String credential) {
    checkNames(namespace, key);
    credentials.verify(peerId, credential);
    StateEntry entry = new StateEntry(key, namespace, value, peerId, clock.instant());
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("key", key);
    payload.put("namespace", namespace);
    payload.put("value", value);
    StateEntry stored =
        store.atomically(
            tx -> {
              StateEntry e = tx.state().put(entry);
              events.emit("state_changed", payload, peerId);
              return e;
            });
    push.broadcast(Notification.stateChanged(key, namespace, entry.updatedAt()));
    activity.stateChanged(namespace, key, value, peerId);
    return stored;
  }

  public List<StateEntry> list(String namespace) {
    Limits.maxLength("namespace", namespace, Limits.MAX_NAMESPACE);
    return store.state().list(namespace);
  }

  /** Every namespace's entries, by namespace then key, at most {@code limit} (the dashboard). */
  public List<StateEntry> all(int limit) {
    return store.state().all(limit);
  }

  /** Whether the key existed. */
  public boolean delete(String namespace, String key) {
    checkNames(namespace, key);
    return store.state().delete(namespace, key);
  }

  private static void checkNames(String namespace, String key) {
    Limits.maxLength("namespace", namespace, Limits.MAX_NAMESPACE);
    Limits.maxLength("key", key, Limits.MAX_KEY);
  }
}
