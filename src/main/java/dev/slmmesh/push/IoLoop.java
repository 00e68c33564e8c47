package dev.slmmesh.push;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread ({@code push-io-N}) that owns a set of links: it runs their commands,
 * connects, writes what senders queued, reads acks, handles failures and fires reconnect timers.
 * Other threads hand it commands and flush requests and wake it up (a sender may write to an idle
 * link's socket itself, see {@link Link#send}), so no caller ever waits for a socket. A failure
 * while serving one link is logged and the loop goes on with the others.
 */
final class IoLoop implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(IoLoop.class);
  private static final int COMMAND_QUEUE = 65_536;
  private static final long DRAIN_POLL_MILLIS = 10;

  private final Selector selector;
  private final Thread thread;
  private final DeliveryCallbacks callbacks;
  private final BlockingQueue<Runnable> commands = new ArrayBlockingQueue<>(COMMAND_QUEUE);
  // holds each link at most once (Link.flushRequested), so it is bounded by the number of links
  private final ConcurrentLinkedQueue<Link> flushes = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final Set<Link> links = new HashSet<>();
  private final List<Link> touched = new ArrayList<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
  private long timerSequence;
  private volatile boolean stopping;
  private volatile long drainDeadline;

  IoLoop(DeliveryCallbacks callbacks, ThreadFactory threads) {
    this.callbacks = callbacks;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector for push delivery", e);
    }
    this.thread = threads.newThread(this);
  }

  void start() {
    thread.start();
  }

  /** Any thread: runs the command on the loop thread, in submission order. */
  void execute(Runnable command) {
    if (!commands.offer(command)) {
      LOG.error(
          "[push] {} command queue full ({}): command dropped", thread.getName(), COMMAND_QUEUE);
      return;
    }
    selector.wakeup();
  }

  /** Any thread: the link has new frames to write; the caller then calls {@link #wakeup}. */
  void requestFlushQuietly(Link link) {
    flushes.add(link);
  }

  /** Any thread: makes the loop look at its commands and flush requests now. */
  void wakeup() {
    selector.wakeup();
  }

  /** Loop thread: registers a link's new channel with no interest yet. */
  SelectionKey register(SocketChannel channel, Link link) throws ClosedChannelException {
    return channel.register(selector, 0, link);
  }

  /** Loop thread: runs {@code task} on this loop after {@code delay}. */
  void schedule(Duration delay, Runnable task) {
    timers.add(new Timer(System.nanoTime() + delay.toNanos(), timerSequence++, task));
  }

  /** Loop thread: the link has callbacks to publish at the end of this round. */
  void touched(Link link) {
    touched.add(link);
  }

  ByteBuffer readBuffer() {
    return readBuffer;
  }

  DeliveryCallbacks callbacks() {
    return callbacks;
  }

  /** Loop thread: a link starts being served by this loop. */
  void adopt(Link link) {
    links.add(link);
  }

  /** Loop thread: the link is closed and needs no more service. */
  void forget(Link link) {
    links.remove(link);
  }

  /**
   * Any thread: queue {@code finalFrame} to every connected link, keep writing until all is flushed
   * or the deadline passes, then close every link and end the thread.
   */
  void shutdown(Frame finalFrame, long deadlineNanos) {
    drainDeadline = deadlineNanos;
    execute(
        () -> {
          for (Link link : List.copyOf(links)) {
            link.sendFinal(finalFrame);
          }
          stopping = true;
        });
  }

  boolean awaitTermination(Duration timeout) {
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  boolean isTerminated() {
    return !thread.isAlive();
  }

  @Override
  public void run() {
    try {
      while (!finished()) {
        runRound();
      }
    } finally {
      closeAll();
    }
  }

  private boolean finished() {
    if (!stopping) {
      return false;
    }
    return System.nanoTime() - drainDeadline >= 0
        || links.stream().noneMatch(Link::hasPendingWrites);
  }

  private void runRound() {
    try {
      selector.select(selectTimeoutMillis());
      runCommands();
      runFlushes();
      serveSelected();
      runTimers();
    } catch (IOException | RuntimeException e) {
      LOG.error("[push] Unexpected failure in {}; the loop continues", thread.getName(), e);
    } finally {
      publishCallbacks();
    }
  }

  private long selectTimeoutMillis() {
    if (stopping) {
      return DRAIN_POLL_MILLIS;
    }
    Timer next = timers.peek();
    if (next == null) {
      return 0; // block until woken: nothing is due
    }
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(next.deadline() - System.nanoTime()) + 1);
  }

  private void runCommands() {
    Runnable command;
    while ((command = commands.poll()) != null) {
      guarded("command", command);
    }
  }

  private void runFlushes() {
    Link link;
    while ((link = flushes.poll()) != null) {
      guarded("flush", link::flush);
    }
  }

  private void serveSelected() {
    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
    while (keys.hasNext()) {
      SelectionKey key = keys.next();
      keys.remove();
      guarded("I/O", () -> serve(key));
    }
  }

  private static void serve(SelectionKey key) {
    Link link = (Link) key.attachment();
    if (key.isValid() && key.isConnectable()) {
      link.onConnectable();
    }
    if (key.isValid() && key.isReadable()) {
      link.onReadable();
    }
    if (key.isValid() && key.isWritable()) {
      link.flush();
    }
  }

  private void runTimers() {
    if (stopping) {
      return; // no reconnects while the broker shuts down
    }
    long now = System.nanoTime();
    while (!timers.isEmpty() && timers.peek().deadline() - now <= 0) {
      guarded("timer", timers.poll().task());
    }
  }

  private void publishCallbacks() {
    for (Link link : touched) {
      guarded("callback", link::publishCallbacks);
    }
    touched.clear();
  }

  private void guarded(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.error("[push] {} failed in {}; the loop continues", what, thread.getName(), e);
    }
  }

  private void closeAll() {
    for (Link link : List.copyOf(links)) {
      guarded("close", link::close);
    }
    publishCallbacks();
    try {
      selector.close();
    } catch (IOException e) {
      LOG.debug("[push] Closing the selector of {} failed: {}", thread.getName(), e.toString());
    }
  }

  /** A reconnect or connect-timeout task due at a {@link System#nanoTime} deadline. */
  private record Timer(long deadline, long sequence, Runnable task) implements Comparable<Timer> {
    @Override
    public int compareTo(Timer other) {
      int byDeadline = Long.compare(deadline - other.deadline, 0);
      return byDeadline != 0 ? byDeadline : Long.compare(sequence, other.sequence);
    }
  }
}
