package dev.slmmesh.store;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One caller's write waiting for a group commit in {@link Database}: its work, the thread waiting
 * for it, and once the batch that ran it has committed (or failed), its result or failure. Written
 * by the thread that runs the batch and read by the waiting thread; the volatile {@code done} flag,
 * written last, publishes the result.
 */
final class PendingWrite<T> {
  private static final Logger LOG = LoggerFactory.getLogger(PendingWrite.class);

  final String operation;
  final Supplier<T> work;

  /**
   * True for work of several statements that must succeed or fail together: it needs BEGIN/COMMIT
   * even when it runs alone, and a savepoint of its own in a batch. False for one statement, or for
   * statements that may each succeed or fail alone.
   */
  final boolean compound;

  /** The caller, woken once the write is done; null for a deferred write nobody waits for. */
  final @Nullable Thread waiter;

  private volatile boolean done;
  private @Nullable T result;
  private @Nullable Throwable failure;

  PendingWrite(String operation, Supplier<T> work, boolean compound) {
    this(operation, work, compound, Thread.currentThread());
  }

  private PendingWrite(
      String operation, Supplier<T> work, boolean compound, @Nullable Thread waiter) {
    this.operation = operation;
    this.work = work;
    this.compound = compound;
    this.waiter = waiter;
  }

  /** A write that runs with the next commit; its failure is only logged. */
  static PendingWrite<Object> deferred(String operation, Runnable work, boolean compound) {
    return new PendingWrite<>(
        operation,
        () -> {
          work.run();
          return null;
        },
        compound,
        null);
  }

  /** A deferred write's failure: nobody waits for it, so it is logged and the write dropped. */
  void logDropped(@Nullable Throwable cause) {
    LOG.warn("Deferred {} failed and was dropped: {}", operation, String.valueOf(cause));
  }

  @Nullable Throwable failure() {
    return failure;
  }

  boolean done() {
    return done;
  }

  /** Records the result; the write is not done until {@link #complete}, after its commit. */
  void succeed(@Nullable T value) {
    result = value;
  }

  /** Records the failure (replacing a result, if the commit failed after the write ran). */
  void fail(Throwable t) {
    failure = t;
    result = null;
  }

  /** Publishes the result or failure to the waiting thread; call once the batch has ended. */
  void complete() {
    done = true;
  }

  boolean failed() {
    return failure != null;
  }

  /** The result, or the failure rethrown in the caller's thread. */
  @Nullable T get() {
    Throwable t = failure;
    if (t instanceof RuntimeException) {
      throw (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    return result;
  }
}
