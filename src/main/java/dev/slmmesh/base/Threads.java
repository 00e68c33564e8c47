package dev.slmmesh.base;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the project makes threads: every thread is named and logs an uncaught exception
 * (stdout belongs to MCP, and a thread that dies silently is a stall nobody can explain). Threads
 * are daemons unless {@link #user} says otherwise, so none of them keeps a process alive.
 */
public final class Threads {
  private static final ConcurrentHashMap<String, AtomicInteger> COUNTERS =
      new ConcurrentHashMap<>();

  /** Logs what a thread threw; the logger is created on first use (CLI start-up cost). */
  static final Thread.UncaughtExceptionHandler LOG_UNCAUGHT =
      (t, e) -> Log.LOG.error("Uncaught exception in thread {}", t.getName(), e);

  private Threads() {}

  /** Daemon threads named {@code <prefix><n>}, numbered per prefix and per JVM from 1. */
  public static ThreadFactory numbered(String prefix) {
    return r ->
        daemon(
            prefix + COUNTERS.computeIfAbsent(prefix, p -> new AtomicInteger()).incrementAndGet(),
            r);
  }

  /** Daemon threads that all carry {@code name} (for an executor of one thread). */
  public static ThreadFactory named(String name) {
    return r -> daemon(name, r);
  }

  /** A daemon thread, not started. */
  public static Thread daemon(String name, Runnable task) {
    Thread t = user(name, task);
    t.setDaemon(true);
    return t;
  }

  /** A daemon thread, started. */
  public static Thread start(String name, Runnable task) {
    Thread t = daemon(name, task);
    t.start();
    return t;
  }

  /**
   * A thread that keeps the JVM alive while it runs (a shutdown that must finish, a shutdown hook),
   * not started.
   */
  public static Thread user(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(false);
    t.setUncaughtExceptionHandler(LOG_UNCAUGHT);
    return t;
  }

  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(Threads.class);
  }
}
