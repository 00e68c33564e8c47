package dev.slmmesh.mcp;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads: none of them may keep the process alive once stdin is closed. */
final class Threads {
  private Threads() {}

  static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> start(prefix + n.incrementAndGet(), r, false);
  }

  static Thread start(String name, Runnable r, boolean run) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    if (run) {
      t.start();
    }
    return t;
  }
}
