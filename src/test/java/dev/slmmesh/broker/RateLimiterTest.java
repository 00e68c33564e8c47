package dev.slmmesh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final MutableClock clock = MutableClock.at("2026-04-08T10:00:00Z");
  private final RateLimiter limiter = new RateLimiter(clock, 100, Duration.ofSeconds(10), 3);

  @Test
  void refusesThe101stRequestInAWindowWithTheOriginalText() {
    for (int i = 0; i < 100; i++) {
      limiter.acquire("a");
    }
    assertThatThrownBy(() -> limiter.acquire("a"))
        .isInstanceOf(BrokerException.class)
        .hasMessage("Rate limit exceeded (max 100 requests per 10 seconds)");
  }

  @Test
  void aNewWindowStartsAtResetTime() {
    for (int i = 0; i < 100; i++) {
      limiter.acquire("a");
    }
    clock.advance(Duration.ofMillis(9_999));
    assertThatThrownBy(() -> limiter.acquire("a")).isInstanceOf(BrokerException.class);
    clock.advance(Duration.ofMillis(1));
    limiter.acquire("a");
  }

  @Test
  void keysBeyondTheCapShareOneOverflowBudget() {
    limiter.acquire("a");
    limiter.acquire("b");
    limiter.acquire("c");
    for (int i = 0; i < 100; i++) {
      limiter.acquire("fresh-" + i);
    }
    assertThat(limiter.size()).isEqualTo(4);
    assertThatThrownBy(() -> limiter.acquire("another-fresh-id"))
        .isInstanceOf(BrokerException.class);
  }

  @Test
  void sweepDropsEndedWindowsAndForgetDropsAKey() {
    limiter.acquire("a");
    limiter.acquire("b");
    limiter.forget("a");
    assertThat(limiter.size()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(10));
    limiter.sweep();
    assertThat(limiter.size()).isZero();
  }
}
