package dev.slmmesh.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.testkit.MutableClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdleMonitorTest {
  private final MutableClock clock = MutableClock.at("2026-04-08T10:00:00Z");
  private final AtomicLong active = new AtomicLong();
  private final IdleMonitor idle = new IdleMonitor(clock, Duration.ofSeconds(60), active::get);

  @Test
  void idleOnlyAfterTheFullPeriodWithoutPeersOrRequests() {
    clock.advance(Duration.ofSeconds(59));
    assertThat(idle.idleNow()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(idle.idleNow()).isTrue();
  }

  @Test
  void clientActivityPostponesShutdown() {
    clock.advance(Duration.ofSeconds(50));
    idle.touch();
    clock.advance(Duration.ofSeconds(50));
    assertThat(idle.idleNow()).isFalse();
  }

  @Test
  void activePeersKeepItAliveAndTheCountdownStartsWhenTheLastLeaves() {
    active.set(1);
    clock.advance(Duration.ofMinutes(10));
    assertThat(idle.idleNow()).isFalse();
    active.set(0);
    clock.advance(Duration.ofSeconds(30));
    assertThat(idle.idleNow()).isFalse();
    clock.advance(Duration.ofSeconds(30));
    assertThat(idle.idleNow()).isTrue();
  }

  @Test
  void zeroPeriodDisablesIdleShutdown() {
    IdleMonitor never = new IdleMonitor(clock, Duration.ZERO, active::get);
    clock.advance(Duration.ofDays(1));
    assertThat(never.idleNow()).isFalse();
  }
}
