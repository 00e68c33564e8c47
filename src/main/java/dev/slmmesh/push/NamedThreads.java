package dev.slmmesh.push;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread factory for the push threads: daemon threads named {@code <prefix><n>}, numbered per JVM,
 * whose uncaught exceptions are logged instead of printed to stdout (which belongs to MCP).
 */
final class NamedThreads implements ThreadFactory {

  private static final Logger LOG = LoggerFactory.getLogger(NamedThreads.class);
  private static final ConcurrentHashMap<String, AtomicInteger> COUNTERS =
      new ConcurrentHashMap<>();

  private final String prefix;

  NamedThreads(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable task) {
    int n = COUNTERS.computeIfAbsent(prefix, p -> new AtomicInteger()).incrementAndGet();
    Thread thread = new Thread(task, prefix + n);
    thread.setDaemon(true);
    thread.setUncaughtExceptionHandler(
        (t, e) -> LOG.error("[push] Uncaught exception in thread {}", t.getName(), e));
    return thread;
  }
}
