package dev.slmmesh.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
  private final Expiring<Session> live;

  Sessions(Clock clock) {
    this.clock = clock;
    this.live = new Expiring<>(clock, MAX);
  }

  Session open() {
    Session s = new Session(Secrets.fresh(), Secrets.fresh(), clock.instant().plus(LIFETIME));
    live.put(s.id(), s, s.expires());
    return s;
  }

  /** The live session whose id is {@code cookie}, compared in constant time. */
  Optional<Session> find(@Nullable String cookie) {
    return live.find(cookie, false);
  }

  void close(String id) {
    live.find(id, true);
  }
}
