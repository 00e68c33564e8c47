package dev.slmmesh.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Values under random secret keys, each until its expiry, at most {@code max} at once (the oldest
 * goes first); keys are compared in constant time. Thread-safe.
 */
final class Expiring<V> {
  private record Entry<V>(V value, Instant expires) {}

  private final Clock clock;
  private final int max;

  /** Oldest first; guarded by {@code this}. */
  private final Map<String, Entry<V>> live = new LinkedHashMap<>();

  Expiring(Clock clock, int max) {
    this.clock = clock;
    this.max = max;
  }

  synchronized void put(String key, V value, Instant expires) {
    dropExpired();
    if (live.size() >= max) {
      Iterator<String> oldest = live.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    live.put(key, new Entry<>(value, expires));
  }

  /** The live value under {@code key}; with {@code remove}, it is gone afterwards. */
  synchronized Optional<V> find(@Nullable String key, boolean remove) {
    dropExpired();
    if (key == null) {
      return Optional.empty();
    }
    for (Iterator<Map.Entry<String, Entry<V>>> it = live.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Entry<V>> e = it.next();
      if (Secrets.same(e.getKey(), key)) {
        if (remove) {
          it.remove();
        }
        return Optional.of(e.getValue().value());
      }
    }
    return Optional.empty();
  }

  private void dropExpired() {
    Instant now = clock.instant();
    live.values().removeIf(e -> !now.isBefore(e.expires()));
  }
}
