package dev.slmmesh.broker;

import dev.slmmesh.wire.Presence;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What each session reports it is doing (docs/hooks.md, "Presence"), in memory only: a session
 * sends it again with every heartbeat, so a restarted broker knows it within one heartbeat.
 * Listeners hear when a peer becomes idle (the {@code whenIdle} hold releases then). Thread-safe.
 */
public final class PresenceBoard {
  private final Map<String, Presence> states = new ConcurrentHashMap<>();
  private final List<Consumer<String>> idleListeners = new CopyOnWriteArrayList<>();

  public Optional<Presence> of(String peerId) {
    return Optional.ofNullable(states.get(peerId));
  }

  /** Records a report; listeners hear about a peer that was not idle before and is now. */
  void report(String peerId, Presence now) {
    Presence before = states.put(peerId, now);
    if (now.idle() && (before == null || !before.idle())) {
      idleListeners.forEach(l -> l.accept(peerId));
    }
  }

  void forget(String peerId) {
    states.remove(peerId);
  }

  void onIdle(Consumer<String> listener) {
    idleListeners.add(listener);
  }
}
