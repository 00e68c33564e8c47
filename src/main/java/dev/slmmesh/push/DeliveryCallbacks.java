package dev.slmmesh.push;

import dev.slmmesh.broker.DeliveryListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link DeliveryListener} callbacks on one named thread ({@code push-callback-N}) so store
 * writes never stall an I/O loop or a sender. One thread keeps every peer's callbacks in the order
 * they were submitted (by the loops, or by a sender that wrote to an idle link). The queue is
 * bounded; a rejected callback is logged and lost, which costs only a later re-push (the broker
 * re-queues unconfirmed messages on heartbeat).
 */
final class DeliveryCallbacks {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryCallbacks.class);

  private final DeliveryListener listener;
  private final ThreadPoolExecutor executor;

  DeliveryCallbacks(DeliveryListener listener, int capacity) {
    this.listener = listener;
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(capacity),
            new NamedThreads("push-callback-"));
  }

  void linkUp(String peerId) {
    submit("linkUp", peerId, () -> listener.linkUp(peerId));
  }

  void written(String peerId, List<String> messageIds) {
    submit("written", peerId, () -> listener.written(peerId, messageIds));
  }

  void acknowledged(String peerId, List<String> messageIds) {
    submit("acknowledged", peerId, () -> listener.acknowledged(peerId, messageIds));
  }

  /** Runs the callbacks already queued, waiting at most {@code timeout}, then stops the thread. */
  void close(Duration timeout) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("[push] Delivery callbacks still running after {}; abandoning them", timeout);
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
  }

  boolean isTerminated() {
    return executor.isTerminated();
  }

  private void submit(String callback, String peerId, Runnable call) {
    try {
      executor.execute(() -> run(callback, peerId, call));
    } catch (RejectedExecutionException e) {
      if (!executor.isShutdown()) {
        LOG.warn("[push] Callback queue full: {} for peer {} dropped", callback, peerId);
      }
    }
  }

  private static void run(String callback, String peerId, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.error("[push] Delivery listener {} failed for peer {}", callback, peerId, e);
    }
  }
}
