package dev.slmmesh.mcp;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up logging on a background thread (the warm-up's, after it) while the server builds its
 * session and answers the handshake: SLF4J's set-up (the simple logger's configuration and its date
 * format, with the JDK's locale data) is tens of milliseconds that the answer to {@code initialize}
 * need not wait for (docs/performance.md, "Second round"). Every logger of this package is created
 * on first use through {@link #logger}, which waits for that set-up to end: a logger asked for
 * while another thread sets SLF4J up would be a stand-in that replays its lines with a notice on
 * stderr.
 */
final class McpLogs {
  private static final AtomicBoolean STARTED = new AtomicBoolean();
  private static final CountDownLatch READY = new CountDownLatch(1);

  private McpLogs() {}

  /**
   * Claims the set-up for the task returned, which sets logging up and then runs {@code then}, to
   * run on a background thread; once per process (later calls get a task that only runs {@code
   * then}). Until the task has run, {@link #logger} waits for it.
   */
  static Runnable setUpLater(Runnable then) {
    if (!STARTED.compareAndSet(false, true)) {
      return then;
    }
    return () -> {
      setUp();
      then.run();
    };
  }

  /**
   * The logger of {@code type}, once logging is set up (here, if nobody started it). The wait is
   * bounded by {@link #WAIT_SECONDS}: a thread that is initializing a class the set-up's thread
   * needs must never wait for it forever (at worst its first lines come through SLF4J's stand-in).
   */
  static Logger logger(Class<?> type) {
    if (STARTED.compareAndSet(false, true)) {
      setUp();
    } else {
      try {
        READY.await(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return LoggerFactory.getLogger(type);
  }

  /** The longest a logger waits for the set-up. */
  static final long WAIT_SECONDS = 2;

  private static void setUp() {
    try {
      LoggerFactory.getILoggerFactory();
    } finally {
      READY.countDown();
    }
  }
}
