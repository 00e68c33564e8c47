package dev.slmmesh.base;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A reconnect schedule: the delay doubles from {@code initial} up to {@code max}, plus a jitter in
 * {@code [-bound, +bound)} where {@code bound = jitter + jitterPercent % of the un-jittered delay},
 * clamped to {@code [0, max]}; after {@code maxFailures} consecutive failures the caller gives up.
 * Pure: no clock, no sleeping.
 *
 * @param jitter a fixed part of the jitter bound
 * @param jitterPercent a part of the jitter bound proportional to the delay (0..100)
 * @param maxFailures failures after which {@link #delayAfter} is empty; {@link Integer#MAX_VALUE}
 *     for a schedule that never gives up
 */
public record Backoff(
    Duration initial, Duration max, Duration jitter, int jitterPercent, int maxFailures) {

  /**
   * A push link's schedule (docs/wire.md, "Push"): 200 ms, ×2, cap 5 s, jitter −100..+99 ms, 10
   * failures.
   */
  public static final Backoff DEFAULT =
      new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMillis(100), 10);

  /** A schedule with a fixed jitter bound. */
  public Backoff(Duration initial, Duration max, Duration jitter, int maxFailures) {
    this(initial, max, jitter, 0, maxFailures);
  }

  public Backoff {
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial must be positive, got " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max " + max + " must be >= initial " + initial);
    }
    if (jitter.isNegative()) {
      throw new IllegalArgumentException("jitter must not be negative, got " + jitter);
    }
    if (jitterPercent < 0 || jitterPercent > 100) {
      throw new IllegalArgumentException(
          "jitterPercent must be within 0..100, got " + jitterPercent);
    }
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be >= 1, got " + maxFailures);
    }
  }

  /** A schedule that never gives up, with a jitter of {@code ±jitterPercent} % of each delay. */
  public static Backoff forever(Duration initial, Duration max, int jitterPercent) {
    return new Backoff(initial, max, Duration.ZERO, jitterPercent, Integer.MAX_VALUE);
  }

  /**
   * The wait before the next attempt after {@code failures} consecutive failures (1-based), or
   * empty when the caller should give up.
   */
  public Optional<Duration> delayAfter(int failures, RandomGenerator random) {
    if (failures >= maxFailures) {
      return Optional.empty();
    }
    long bound = jitter.toMillis() + base(failures) * jitterPercent / 100;
    long jitterMillis = bound == 0 ? 0 : random.nextLong(-bound, bound);
    return Optional.of(delay(failures, jitterMillis));
  }

  /**
   * The delay for a given jitter: {@code clamp(min(initial·2^(failures-1), max) + jitter, 0, max)}.
   */
  public Duration delay(int failures, long jitterMillis) {
    long millis = Math.max(0, Math.min(base(failures) + jitterMillis, max.toMillis()));
    return Duration.ofMillis(millis);
  }

  private long base(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be >= 1, got " + failures);
    }
    long base = initial.toMillis();
    for (int i = 1; i < failures && base < max.toMillis(); i++) {
      base = Math.min(base * 2, max.toMillis());
    }
    return base;
  }
}
