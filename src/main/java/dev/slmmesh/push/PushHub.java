package dev.slmmesh.push;

import dev.slmmesh.base.Threads;
import dev.slmmesh.broker.DeliveryListener;
import dev.slmmesh.broker.PushCounters;
import dev.slmmesh.broker.PushNotifier;
import dev.slmmesh.wire.Notification;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push delivery over peers' Unix sockets ("peer-as-server, broker-as-client"; docs/wire.md,
 * "Push"). Each peer has one ordered link served by one of a few selector threads. {@code send} and
 * {@code broadcast} encode and, when a link is idle, write the line to its non-blocking socket on
 * the calling thread (a thread wake-up costs more than the write); otherwise, and for whatever the
 * socket does not take, they enqueue into a bounded per-peer queue and wake the link's thread. So a
 * slow or dead peer never delays a caller or another peer. Thread-safe; all methods return at once
 * except {@link #close}, which waits a bounded time.
 */
public final class PushHub implements PushNotifier {

  private static final Logger LOG = LoggerFactory.getLogger(PushHub.class);
  private static final Duration CALLBACK_DRAIN = Duration.ofMillis(500);
  private static final Duration JOIN_GRACE = Duration.ofMillis(500);

  private final PushOptions options;
  private final DeliveryCallbacks callbacks;
  private final IoLoop[] loops;
  private final ConcurrentHashMap<String, Link> links = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongAdder dropped = new LongAdder();
  // orders map changes and loop commands of connect/disconnect identically (both are rare)
  private final Object lifecycle = new Object();

  /** A hub with one I/O thread, enough for thousands of local peers. */
  public PushHub(DeliveryListener listener) {
    this(listener, PushOptions.DEFAULT);
  }

  /** A hub with {@code ioThreads} selector threads; peers are spread over them by id. */
  public PushHub(DeliveryListener listener, int ioThreads) {
    this(listener, PushOptions.DEFAULT.withIoThreads(ioThreads));
  }

  PushHub(DeliveryListener listener, PushOptions options) {
    this.options = options;
    this.callbacks =
        new DeliveryCallbacks(
            Objects.requireNonNull(listener, "listener"), options.callbackQueue());
    ThreadFactory threads = Threads.numbered("push-io-");
    this.loops = new IoLoop[options.ioThreads()];
    for (int i = 0; i < loops.length; i++) {
      loops[i] = new IoLoop(callbacks, threads);
    }
    for (IoLoop loop : loops) {
      loop.start();
    }
  }

  @Override
  public void connect(String peerId, Path socket, boolean acknowledges) {
    Objects.requireNonNull(peerId, "peerId");
    Objects.requireNonNull(socket, "socket");
    if (closed.get()) {
      LOG.debug("[push] Hub closed: connect for peer {} ignored", peerId);
      return;
    }
    IoLoop loop = loopFor(peerId);
    Link link = new Link(peerId, socket, acknowledges, loop, options, dropped);
    // the map must show the link before it can come up: linkUp() callers send() to it at once
    synchronized (lifecycle) {
      Link old = links.put(peerId, link);
      loop.execute(() -> replace(old, link));
    }
  }

  @Override
  public void disconnect(String peerId) {
    synchronized (lifecycle) {
      Link old = links.remove(peerId);
      if (old != null) {
        loopFor(peerId).execute(old::close);
      }
    }
  }

  @Override
  public void send(String peerId, Notification notification) {
    Link link = links.get(peerId);
    if (link != null && link.isConnected() && !closed.get()) {
      link.send(Frame.of(notification));
    } else {
      LOG.debug("[push] No live link to peer {}: {} dropped", peerId, notification.type());
    }
  }

  /**
   * Shares the encoding of a broadcast's lines and wakes each I/O thread once ({@link HubBatch}).
   */
  @Override
  public SendBatch batch() {
    return newBatch();
  }

  private HubBatch newBatch() {
    return new HubBatch(peerId -> closed.get() ? null : links.get(peerId));
  }

  @Override
  public void broadcast(Notification notification) {
    if (closed.get()) {
      return;
    }
    // encoded once (every link shares the same immutable bytes), each I/O thread woken once
    try (HubBatch batch = newBatch()) {
      for (Link link : links.values()) {
        batch.send(link, notification);
      }
    }
  }

  @Override
  public boolean isConnected(String peerId) {
    Link link = links.get(peerId);
    return link != null && link.isConnected();
  }

  @Override
  public long connectionId(String peerId) {
    Link link = links.get(peerId);
    return link == null ? 0 : link.connectionId();
  }

  @Override
  public long dropped(String peerId) {
    Link link = links.get(peerId);
    return link == null ? -1 : link.dropped();
  }

  @Override
  public PushCounters counters() {
    return new PushCounters(dropped.sum(), callbacks.resyncs());
  }

  @Override
  public void nudge(String peerId) {
    Link link = links.get(peerId);
    if (link != null && !link.isConnected() && !closed.get()) {
      loopFor(peerId).execute(link::nudge);
    }
  }

  /**
   * Sends {@code shutdown} to every connected peer, waits up to the flush timeout (1 s) for the
   * lines to be written, closes every socket and stops the threads. Idempotent.
   */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    LOG.debug("[push] Closing push delivery for {} peers", links.size());
    Frame shutdown = Frame.of(Notification.shutdown(Instant.now()));
    long deadline = System.nanoTime() + options.flushTimeout().toNanos();
    for (IoLoop loop : loops) {
      loop.shutdown(shutdown, deadline);
    }
    for (IoLoop loop : loops) {
      long remaining = Math.max(0, deadline - System.nanoTime());
      Duration wait = Duration.ofNanos(remaining).plus(JOIN_GRACE);
      if (!loop.awaitTermination(wait)) {
        LOG.warn("[push] An I/O thread did not stop within {} ms", wait.toMillis());
      }
    }
    links.clear();
    callbacks.close(CALLBACK_DRAIN);
  }

  /** Diagnostics: the state of the peer's current link, if it has one. */
  Optional<LinkStatus> status(String peerId) {
    return Optional.ofNullable(links.get(peerId)).map(Link::status);
  }

  /** True once {@link #close} has stopped every thread this hub started. */
  boolean isTerminated() {
    for (IoLoop loop : loops) {
      if (!loop.isTerminated()) {
        return false;
      }
    }
    return callbacks.isTerminated();
  }

  private static void replace(@Nullable Link old, Link link) {
    if (old != null) {
      old.close();
    }
    link.start();
  }

  private IoLoop loopFor(String peerId) {
    return loops[Math.floorMod(peerId.hashCode(), loops.length)];
  }
}
