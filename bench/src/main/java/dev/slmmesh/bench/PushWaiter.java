package dev.slmmesh.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for one expected message text to reach a number of peers and keeps the arrival time of the
 * last one. The waiting thread parks instead of spinning, so it takes no CPU from the broker;
 * arrival times are stamped by the reading thread, so wake-up delays never enter a figure.
 */
final class PushWaiter implements PeerHost.Sink {
  private final AtomicInteger got = new AtomicInteger();
  private volatile String expected = "";
  private volatile int needed;
  private volatile long last;
  private volatile Thread waiter;

  /** Arms the waiter; call before the request that causes the pushes is written. */
  void expect(String text, int count) {
    waiter = Thread.currentThread();
    needed = count;
    last = 0;
    got.set(0);
    expected = text;
  }

  @Override
  public void pushed(int peer, String text, long arrivalNanos) {
    if (!text.equals(expected)) {
      return;
    }
    if (arrivalNanos - last > 0 || last == 0) {
      last = arrivalNanos;
    }
    if (got.incrementAndGet() == needed) {
      LockSupport.unpark(waiter);
    }
  }

  /** The arrival time of the last expected push, or -1 if they did not all come in time. */
  long await(long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    while (got.get() < needed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return -1;
      }
      LockSupport.parkNanos(this, left);
    }
    return last;
  }
}
