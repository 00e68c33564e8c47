package dev.slmmesh.store;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One caller's write waiting for a group commit in {@link Database}: its work, and once the batch
 * that ran it has committed (or failed), its result or failure. Written by the thread that runs
 * the batch while it holds the database lock and read by the caller after taking that lock, so the
 * lock orders every access.
 */
final class PendingWrite<T> {
  final String operation;
  final Supplier<T> work;
  /** True for work of several statements, which needs BEGIN/COMMIT even when it runs alone. */
  final boolean compound;
  private boolean done;
  private @Nullable T result;
  private @Nullable Throwable failure;

  PendingWrite(String operation, Supplier<T> work, boolean compound) {
    this.operation = operation;
    this.work = work;
    this.compound = compound;
  }

  boolean done() {
    return done;
  }

  void succeed(@Nullable T value) {
    result = value;
    done = true;
  }

  void fail(Throwable t) {
    failure = t;
    result = null;
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
