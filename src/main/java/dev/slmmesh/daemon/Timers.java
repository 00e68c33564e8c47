package dev.slmmesh.daemon;

import dev.slmmesh.base.Threads;
import dev.slmmesh.broker.IdleMonitor;
import dev.slmmesh.broker.Janitor;
import dev.slmmesh.config.Config;
import dev.slmmesh.store.Store;
import dev.slmmesh.store.StoreException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's periodic jobs on one named thread (as in the original): the janitor sweep every
 * heartbeat interval, a WAL checkpoint every 30 s, deferred heartbeat writes every second, and the
 * idle check. Each job catches its own failures so one bad run never cancels the schedule.
 */
final class Timers implements AutoCloseable {
  static final Duration CHECKPOINT = Duration.ofSeconds(30);

  /** How far heartbeat times in the database may lag (PeerStore#touch). */
  static final Duration DEFERRED_WRITES = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(Timers.class);
  private final ScheduledExecutorService scheduler;

  Timers(Config config, Janitor janitor, IdleMonitor idle, Store store, Runnable shutdown) {
    scheduler = Executors.newSingleThreadScheduledExecutor(Threads.named("broker-timers"));
    every(config.heartbeatInterval(), "cleanup", janitor::sweep);
    every(CHECKPOINT, "checkpoint", store::maintain);
    every(DEFERRED_WRITES, "deferred writes", store::flushDeferred);
    Duration idleCheck = idleCheckPeriod(config.idleShutdown());
    every(
        idleCheck,
        "idle check",
        () -> {
          if (idle.idleNow()) {
            LOG.info(
                "No active peers and no requests for {} s \u2014 idle shutdown",
                config.idleShutdown().toSeconds());
            shutdown.run();
          }
        });
  }

  static Duration idleCheckPeriod(Duration idle) {
    long ms = Math.max(100, Math.min(5_000, idle.toMillis() / 4));
    return Duration.ofMillis(ms);
  }

  private void every(Duration period, String name, Runnable job) {
    long ms = period.toMillis();
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            job.run();
          } catch (RuntimeException e) {
            if (fixableByUser(e)) {
              LOG.warn("Periodic {} failed, will run again: {}", name, e.getMessage());
            } else {
              LOG.error("Periodic {} failed; it will run again", name, e);
            }
          }
        },
        ms,
        ms,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Whether a job's failure is one the user fixes while the broker runs (a full disk, a read-only
   * file; the requests that meet it say so too): a warning, not an error with its trace.
   */
  static boolean fixableByUser(RuntimeException e) {
    return e instanceof StoreException store
        && (store.kind() == StoreException.Kind.FULL
            || store.kind() == StoreException.Kind.READ_ONLY);
  }

  @Override
  public void close() throws InterruptedException {
    scheduler.shutdownNow();
    if (!scheduler.awaitTermination(2, TimeUnit.SECONDS)) {
      LOG.warn("Timer thread did not stop within 2 s");
    }
  }
}
