package dev.slmmesh.broker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Decides when the broker may stop itself: no active peer and no client request for the idle period
 * (as in the original). A zero period disables idle shutdown.
 */
public final class IdleMonitor {
  private final Clock clock;
  private final Duration idle;
  private final LongSupplier activePeers;
  private volatile Instant lastBusy;

  public IdleMonitor(Clock clock, Duration idle, LongSupplier activePeers) {
    this.clock = clock;
    this.idle = idle;
    this.activePeers = activePeers;
    this.lastBusy = clock.instant();
  }

  public void touch() {
    lastBusy = clock.instant();
  }

  /** True when the broker has been idle for the whole period and should shut down. */
  public boolean idleNow() {
    if (idle.isZero()) {
      return false;
    }
    if (activePeers.getAsLong() > 0) {
      touch();
      return false;
    }
    return !clock.instant().isBefore(lastBusy.plus(idle));
  }
}
