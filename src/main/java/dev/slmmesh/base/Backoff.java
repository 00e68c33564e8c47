package dev.slmmesh.push;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Reconnect schedule of a push link (docs/wire.md, "Push"): the delay doubles from {@code initial} up to
 * {@code max}, plus a jitter in {@code [-jitter, +jitter)}, and after {@code maxFailures} consecutive
 * failures the link gives up until the peer is nudged. Pure: no clock, no sleeping.
 */
record Backoff(Duration initial, Duration max, Duration jitter, int maxFailures) {

  /** The original's schedule: 200 ms, ×2, cap 5 s, jitter −100..+99 ms, 10 failures. */
  static final Backoff DEFAULT =
      new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMillis(100), 10);

  Backoff {
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial must be positive, got " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max " + max + " must be >= initial " + initial);
    }
    if (jitter.isNegative()) {
      throw new IllegalArgumentException("jitter must not be negative, got " + jitter);
    }
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be >= 1, got " + maxFailures);
    }
  }

  /**
   * The wait before the next attempt after {@code failures} consecutive failures (1-based), or
   * empty when the link should give up.
   */
  Optional<Duration> delayAfter(int failures, RandomGenerator random) {
    if (failures >= maxFailures) {
      return Optional.empty();
    }
    long bound = jitter.toMillis();
    long jitterMillis = bound == 0 ? 0 : random.nextLong(-bound, bound);
    return Optional.of(delay(failures, jitterMillis));
  }

  /** The delay for a given jitter: {@code clamp(min(initial·2^(failures-1), max) + jitter, 0, max)}. */
  Duration delay(int failures, long jitterMillis) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be >= 1, got " + failures);
    }
    long base = initial.toMillis();
    for (int i = 1; i < failures && base < max.toMillis(); i++) {
      base = Math.min(base * 2, max.toMillis());
    }
    long millis = Math.max(0, Math.min(base + jitterMillis, max.toMillis()));
    return Duration.ofMillis(millis);
  }
}
