package dev.slmmesh.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Logged-in browsers: a session id (the cookie's value) with its CSRF token, each good for {@link
 * #LIFETIME} from its login; at most {@link #MAX} at once, the oldest going first. Thread-safe.
 */
final class Sessions {
  static final Duration LIFETIME = Duration.ofHours(12);
  static final int MAX = 16;

  /** One login. {@code csrf} must come back in a header with every state-changing request. */
  record Session(String id, String csrf, Instant expires) {}

  private final Clock clock;
  /** By id, oldest first; guarded by {@code this}. */
  private final Map<String, Session> live = new LinkedHashMap<>();

  Sessions(Clock clock) {
    this.clock = clock;
  }

  synchronized Session open() {
    dropExpired();
    if (live.size() >= MAX) {
      Iterator<String> oldest = live.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    Session s = new Session(Secrets.fresh(), Secrets.fresh(), clock.instant().plus(LIFETIME));
    live.put(s.id(), s);
    return s;
  }

  /** The live session whose id is {@code cookie}, compared in constant time. */
  synchronized Optional<Session> find(@Nullable String cookie) {
    dropExpired();
    if (cookie == null) {
      return Optional.empty();
    }
    for (Session s : live.values()) {
      if (Secrets.same(s.id(), cookie)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  synchronized void close(String id) {
    live.remove(id);
  }

  private void dropExpired() {
    Instant now = clock.instant();
    live.values().removeIf(s -> !now.isBefore(s.expires()));
  }
}
