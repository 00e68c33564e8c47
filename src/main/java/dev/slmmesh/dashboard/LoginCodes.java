package dev.slmmesh.dashboard;

import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One-time login codes: minted for a holder of the bearer token ({@code slm-mesh dashboard}), each
 * good for one login within {@link #TTL}. A code is gone once redeemed, expired, or pushed out by
 * newer ones (at most {@link #MAX_OPEN} wait at once). Thread-safe.
 */
final class LoginCodes {
  static final Duration TTL = Duration.ofMinutes(2);
  static final int MAX_OPEN = 8;

  private final Clock clock;
  private final Expiring<Boolean> open;

  LoginCodes(Clock clock) {
    this.clock = clock;
    this.open = new Expiring<>(clock, MAX_OPEN);
  }

  String mint() {
    String code = Secrets.fresh();
    open.put(code, Boolean.TRUE, clock.instant().plus(TTL));
    return code;
  }

  /** True once for a live code; false for an unknown, used or expired one. */
  boolean redeem(@Nullable String code) {
    return open.find(code, true).isPresent();
  }
}
