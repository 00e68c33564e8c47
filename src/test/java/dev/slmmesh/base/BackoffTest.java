package dev.slmmesh.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = Backoff.DEFAULT;

  @Test
  void doublesFromInitialUpToTheCapWithoutJitter() {
    assertThat(IntStream.rangeClosed(1, 9).mapToLong(n -> backoff.delay(n, 0).toMillis()))
        .containsExactly(200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L, 5000L);
  }

  @Test
  void addsJitterButNeverExceedsTheCapOrGoesNegative() {
    assertThat(backoff.delay(1, -100)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.delay(1, 99)).isEqualTo(Duration.ofMillis(299));
    assertThat(backoff.delay(7, 99)).isEqualTo(Duration.ofSeconds(5));
    assertThat(backoff.delay(7, -100)).isEqualTo(Duration.ofMillis(4900));
    Backoff tiny =
        new Backoff(Duration.ofMillis(1), Duration.ofMillis(4), Duration.ofMillis(50), 3);
    assertThat(tiny.delay(1, -50)).isEqualTo(Duration.ZERO);
  }

  @Test
  void randomJitterStaysWithinMinus100ToPlus99() {
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      Optional<Duration> delay = backoff.delayAfter(1, random);
      assertThat(delay).get().satisfies(d -> assertThat(d.toMillis()).isBetween(100L, 299L));
    }
  }

  @Test
  void givesUpAtTheTenthConsecutiveFailure() {
    Random random = new Random(7);
    assertThat(backoff.delayAfter(9, random)).isPresent();
    assertThat(backoff.delayAfter(10, random)).isEmpty();
    assertThat(backoff.delayAfter(11, random)).isEmpty();
  }

  @Test
  void zeroJitterIsDeterministic() {
    Backoff fast = new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ZERO, 10);
    assertThat(fast.delayAfter(1, new Random())).contains(Duration.ofMillis(1));
    assertThat(fast.delayAfter(5, new Random())).contains(Duration.ofMillis(2));
  }

  @Test
  void survivesHugeFailureCountsWithoutOverflow() {
    Backoff many = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ZERO, 1000);
    assertThat(many.delay(999, 0)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void rejectsNonsenseSettings() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("initial must be positive, got PT0S");
    assertThatThrownBy(
            () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO, 1))
        .hasMessage("max PT1S must be >= initial PT2S");
    assertThatThrownBy(() -> backoff.delay(0, 0)).hasMessage("failures must be >= 1, got 0");
  }

  @Test
  void aProportionalJitterScalesWithTheDelay() {
    Backoff hub = Backoff.forever(Duration.ofMillis(200), Duration.ofSeconds(5), 25);
    Random random = new Random(3);
    for (int i = 0; i < 2_000; i++) {
      assertThat(hub.delayAfter(1, random))
          .get()
          .satisfies(d -> assertThat(d.toMillis()).isBetween(150L, 249L));
      assertThat(hub.delayAfter(3, random))
          .get()
          .satisfies(d -> assertThat(d.toMillis()).isBetween(600L, 999L));
      assertThat(hub.delayAfter(20, random))
          .get()
          .satisfies(d -> assertThat(d.toMillis()).isBetween(3750L, 5000L));
    }
  }

  @Test
  void aScheduleForeverNeverGivesUp() {
    Backoff hub = Backoff.forever(Duration.ofMillis(200), Duration.ofSeconds(5), 25);
    assertThat(hub.delayAfter(1_000_000, new Random(1))).isPresent();
  }

  @Test
  void rejectsAJitterShareOutsideAHundredPercent() {
    assertThatThrownBy(() -> Backoff.forever(Duration.ofMillis(1), Duration.ofMillis(1), 101))
        .hasMessage("jitterPercent must be within 0..100, got 101");
  }
}
