package dev.slmmesh.broker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed-window request budget per key (as the original: 100 requests per 10 s, shared by a peer's
 * sends and heartbeats; docs/wire.md). Unlike the original, memory is bounded: expired windows are
 * swept, keys of removed peers are forgotten, and past {@code maxKeys} new keys share one overflow
 * budget. The caller chooses keys so that picking another peer id does not buy a fresh budget (see
 * {@link PeerRegistry#rateKey}).
 */
public final class RateLimiter {
  static final String OVERFLOW_KEY = "\u0000overflow";
  private final Clock clock;
  private final int limit;
  private final Duration window;
  private final int maxKeys;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  public RateLimiter(Clock clock, int limit, Duration window, int maxKeys) {
    this.clock = clock;
    this.limit = limit;
    this.window = window;
    this.maxKeys = maxKeys;
  }

  /** Counts one request for {@code key}; throws the original's refusal when over budget. */
  public void acquire(String key) {
    Instant now = clock.instant();
    String k = windows.containsKey(key) || windows.size() < maxKeys ? key : OVERFLOW_KEY;
    Window w = windows.computeIfAbsent(k, x -> new Window());
    if (!w.tryAcquire(now, limit, window)) {
      throw new BrokerException(
          "Rate limit exceeded (max "
              + limit
              + " requests per "
              + window.toSeconds()
              + " seconds)");
    }
  }

  public void forget(String key) {
    windows.remove(key);
  }

  /** Drops windows that have ended; called by the janitor. */
  public void sweep() {
    Instant now = clock.instant();
    windows.values().removeIf(w -> w.endedBy(now));
  }

  int size() {
    return windows.size();
  }

  private static final class Window {
    private Instant resetAt = Instant.MIN;
    private int count;

    synchronized boolean tryAcquire(Instant now, int limit, Duration length) {
      if (!now.isBefore(resetAt)) {
        resetAt = now.plus(length);
        count = 0;
      }
      if (count >= limit) {
        return false;
      }
      count++;
      return true;
    }

    synchronized boolean endedBy(Instant now) {
      return !now.isBefore(resetAt);
    }
  }
}
