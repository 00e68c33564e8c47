package dev.slmmesh.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One-time login codes: minted for a holder of the bearer token ({@code slm-mesh dashboard}),
 * each good for one login within {@link #TTL}. A code is gone once redeemed, expired, or pushed
 * out by newer ones (at most {@link #MAX_OPEN} wait at once). Thread-safe.
 */
final class LoginCodes {
  static final Duration TTL = Duration.ofMinutes(2);
  static final int MAX_OPEN = 8;

  private final Clock clock;
  /** Code to its expiry, oldest first; guarded by {@code this}. */
  private final Map<String, Instant> open = new LinkedHashMap<>();

  LoginCodes(Clock clock) {
    this.clock = clock;
  }

  synchronized String mint() {
    dropExpired();
    if (open.size() >= MAX_OPEN) {
      Iterator<String> oldest = open.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    String code = Secrets.fresh();
    open.put(code, clock.instant().plus(TTL));
    return code;
  }

  /** True once for a live code; false for an unknown, used or expired one. */
  synchronized boolean redeem(@Nullable String code) {
    dropExpired();
    if (code == null) {
      return false;
    }
    for (Iterator<String> it = open.keySet().iterator(); it.hasNext(); ) {
      if (Secrets.same(it.next(), code)) {
        it.remove();
        return true;
      }
    }
    return false;
  }

  private void dropExpired() {
    Instant now = clock.instant();
    open.values().removeIf(expiry -> !now.isBefore(expiry));
  }
}
