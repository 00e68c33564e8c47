package dev.slmmesh.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The writes waiting for {@link Database}'s next group commit: those of callers that wait for their
 * result, in arrival order, and deferred writes that nobody waits for. Thread-safe; which thread
 * runs the next batch is the database's business.
 */
final class WriteQueue {
  private final ConcurrentLinkedQueue<PendingWrite<?>> waiting = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<PendingWrite<?>> deferred = new ConcurrentLinkedQueue<>();

  void add(PendingWrite<?> write) {
    waiting.add(write);
  }

  void defer(PendingWrite<?> write) {
    deferred.add(write);
  }

  boolean hasDeferred() {
    return !deferred.isEmpty();
  }

  /** Takes the next deferred write, or null. */
  @Nullable PendingWrite<?> pollDeferred() {
    return deferred.poll();
  }

  /** Takes every deferred write and then up to {@code max} waiting ones, for one batch. */
  List<PendingWrite<?>> takeBatch(int max) {
    List<PendingWrite<?>> batch = new ArrayList<>();
    PendingWrite<?> next;
    while ((next = deferred.poll()) != null) {
      batch.add(next);
    }
    int taken = 0;
    while (taken < max && (next = waiting.poll()) != null) {
      batch.add(next);
      taken++;
    }
    return batch;
  }

  /** Wakes the thread of the oldest waiting write, if any, so that it runs the next batch. */
  void wakeOldest() {
    PendingWrite<?> head = waiting.peek();
    if (head != null && head.waiter != null) {
      LockSupport.unpark(head.waiter);
    }
  }

  int waitingCount() {
    return waiting.size();
  }

  int deferredCount() {
    return deferred.size();
  }
}
