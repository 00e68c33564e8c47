package dev.slmmesh.daemon;

import dev.slmmesh.base.Threads;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * One start-up step run on a thread of its own while the starting thread does another (the store
 * opens while the HTTP server is set up). {@link #await} waits for it without being interruptible,
 * so that whatever the step opened is always handed back to be closed.
 */
final class Background<T> {
  private final FutureTask<T> task;

  private Background(FutureTask<T> task) {
    this.task = task;
  }

  /** Starts {@code step} on a daemon thread named {@code name}. */
  static <T> Background<T> start(String name, Callable<T> step) {
    Background<T> background = new Background<>(new FutureTask<>(step));
    Threads.start(name, background.task);
    return background;
  }

  /**
   * The step's result once it is done; rethrows what it threw (an unchecked exception or error as
   * it is, a checked one wrapped). An interrupt while waiting is kept for the caller.
   */
  T await() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException r) {
            throw r;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException(cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
