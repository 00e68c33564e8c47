package dev.slmmesh.mcp;

import dev.slmmesh.base.Threads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Looks at the session directory every {@value #PERIOD_MILLIS} ms on its own thread: takes in the
 * messages hooks showed ({@link Delivery#collectHookClaims}) and the presence they wrote ({@link
 * PresenceTracker#poll}), which it reports to the broker when it changed.
 */
final class HookWatch implements AutoCloseable {
  static final long PERIOD_MILLIS = 200;

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Threads.numbered("mcp-hooks-"));
  private final Delivery delivery;
  private final PresenceTracker presence;
  private final Runnable presenceChanged;

  HookWatch(Delivery delivery, PresenceTracker presence, Runnable presenceChanged) {
    this.delivery = delivery;
    this.presence = presence;
    this.presenceChanged = presenceChanged;
  }

  void start() {
    timer.scheduleWithFixedDelay(this::tick, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  void tick() {
    try {
      delivery.collectHookClaims();
      if (presence.poll()) {
        presenceChanged.run();
      }
    } catch (RuntimeException e) {
      Log.LOG.error("Reading the session directory failed; will try again", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(Duration.ofSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Created on first use, once logging is set up ({@link McpLogs}). */
  private static final class Log {
    static final Logger LOG = McpLogs.logger(HookWatch.class);
  }
}
