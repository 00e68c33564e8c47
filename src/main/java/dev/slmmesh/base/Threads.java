package dev.slmmesh.mcp;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads: none of them may keep the process alive once stdin is closed. */
final class Threads {
  private Threads() {}

  static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> daemon(prefix + n.incrementAndGet(), r);
  }

  /** A daemon thread, not started. */
  static Thread daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
