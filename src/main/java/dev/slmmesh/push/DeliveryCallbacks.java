package dev.slmmesh.push;

import dev.slmmesh.base.Threads;
import dev.slmmesh.broker.DeliveryListener;
import dev.slmmesh.broker.DeliveryListener.Receipt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link DeliveryListener} callbacks on one named thread ({@code push-callback-N}) so store
 * work never stalls an I/O loop or a sender; a receipt that needs no store work is applied on the
 * calling thread instead, when nothing is queued before it. One thread keeps every peer's callbacks
 * in the order they were submitted (by the loops, or by a sender that wrote to an idle link).
 * Receipts (written, acknowledged) that queued up while the thread was busy reach the listener
 * together, in order, through {@link DeliveryListener#confirmed}, which the broker turns into one
 * store write. The queue is bounded; a rejected callback is logged and lost, which costs only a
 * later re-push (the broker re-queues unconfirmed messages on heartbeat).
 */
final class DeliveryCallbacks {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryCallbacks.class);

  /** Most callbacks the thread takes from its queue at once. */
  static final int MAX_BATCH = 256;

  private final DeliveryListener listener;
  private final BlockingQueue<Callback> queue;
  private final Thread thread;
  private final LongAdder resyncs = new LongAdder();
  private volatile boolean closed;

  DeliveryCallbacks(DeliveryListener listener, int capacity) {
    this.listener = listener;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = Threads.numbered("push-callback-").newThread(this::loop);
    thread.start();
  }

  void linkUp(String peerId) {
    submit(new LinkUp(peerId));
  }

  /** The peer's link wrote everything it had queued after it had to drop notifications. */
  void drained(String peerId) {
    submit(new Drained(peerId));
  }

  void written(String peerId, List<String> messageIds) {
    receipt(new Receipt(peerId, messageIds, false));
  }

  void acknowledged(String peerId, List<String> messageIds) {
    receipt(new Receipt(peerId, messageIds, true));
  }

  /**
   * A receipt with nothing queued before it is offered to the listener on the calling thread first
   * ({@link DeliveryListener#confirmAtOnce}): waking the callback thread for every acknowledgement
   * cost a context switch per message. Otherwise it waits its turn in the queue.
   */
  private void receipt(Receipt receipt) {
    if (closed) {
      return;
    }
    if (queue.isEmpty()) {
      try {
        if (listener.confirmAtOnce(receipt)) {
          return;
        }
      } catch (RuntimeException e) {
        LOG.error("[push] Delivery listener confirmAtOnce failed for peer {}", receipt.peerId(), e);
        return;
      }
    }
    submit(new Confirm(receipt));
  }

  /** Runs the callbacks already queued, waiting at most {@code timeout}, then stops the thread. */
  void close(Duration timeout) {
    closed = true;
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      if (!queue.offer(Stop.STOP, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        thread.interrupt();
      }
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (thread.isAlive()) {
        LOG.warn("[push] Delivery callbacks still running after {}; abandoning them", timeout);
        thread.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.interrupt();
    }
  }

  boolean isTerminated() {
    return !thread.isAlive();
  }

  private void submit(Callback callback) {
    if (closed) {
      return;
    }
    if (!queue.offer(callback)) {
      LOG.warn("[push] Callback queue full: {} dropped", callback);
    }
  }

  private void loop() {
    List<Callback> batch = new ArrayList<>();
    try {
      while (true) {
        batch.add(queue.take());
        queue.drainTo(batch, MAX_BATCH - 1);
        if (!runAll(batch)) {
          return;
        }
        batch.clear();
      }
    } catch (InterruptedException e) {
      // close() gave up waiting
    }
  }

  /**
   * Runs the callbacks in order, receipts in between link events together; false at {@link Stop}.
   * (Java 17 has no pattern switch: each case of the sealed {@link Callback} is tested in turn.)
   */
  private boolean runAll(List<Callback> batch) {
    List<Receipt> receipts = new ArrayList<>();
    for (Callback callback : batch) {
      if (callback instanceof Confirm confirm) {
        receipts.add(confirm.receipt());
        continue;
      }
      confirm(receipts);
      if (callback instanceof Stop) {
        return false;
      } else if (callback instanceof Drained drained) {
        resyncs.increment();
        run("drained", drained.peerId(), () -> listener.drained(drained.peerId()));
      } else if (callback instanceof LinkUp up) {
        run("linkUp", up.peerId(), () -> listener.linkUp(up.peerId()));
      } else {
        throw new AssertionError("a Callback case without a branch: " + callback);
      }
    }
    confirm(receipts);
    return true;
  }

  private void confirm(List<Receipt> receipts) {
    if (receipts.isEmpty()) {
      return;
    }
    List<Receipt> together = List.copyOf(receipts);
    receipts.clear();
    run("confirmed", together.get(0).peerId(), () -> listener.confirmed(together));
  }

  private static void run(String callback, String peerId, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.error("[push] Delivery listener {} failed for peer {}", callback, peerId, e);
    }
  }

  /** How many times a drained link had its dropped messages re-queued (for /status). */
  long resyncs() {
    return resyncs.sum();
  }

  /** What the callback thread runs: a closed set of cases, one of which stops it. */
  sealed interface Callback permits LinkUp, Drained, Confirm, Stop {}

  /** A new connection to the peer is up. */
  record LinkUp(String peerId) implements Callback {}

  /** The peer's link wrote everything queued after it had to drop notifications. */
  record Drained(String peerId) implements Callback {}

  /** Messages written to, or acknowledged by, the peer. */
  record Confirm(Receipt receipt) implements Callback {}

  /** The last case the thread takes: it ends after the callbacks queued before it. */
  enum Stop implements Callback {
    STOP
  }
}
