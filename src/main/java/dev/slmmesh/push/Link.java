package dev.slmmesh.push;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer's push link: a non-blocking Unix socket connection with its reconnect state, outgoing
 * frames and ack reader. {@link #send}, {@link #isConnected}, {@link #connectionId} and {@link
 * #status} may be called from any thread; everything else runs on the owning {@link IoLoop}'s
 * thread. Writes to the socket happen under {@code writeLock}, on the loop or, while the link is
 * connected and idle, on the sending thread itself ({@link #send}), so that they never overlap and
 * keep the order of frames; the loop also takes the lock whenever it brings a connection up or
 * down. Connecting, reading acks, reconnect timers and failure handling stay on the loop. Written
 * message ids are reported once each, in the order written: by the sender at once for a peer that
 * does not acknowledge, otherwise by the loop with the peer's next ack (or at the latest after
 * {@link #MAX_UNREPORTED} ids, or when the connection goes down). A link object is used for one
 * {@code connect()} call; replacing or disconnecting the peer closes it for good.
 */
final class Link {

  /** Life cycle: NEW → CONNECTING → CONNECTED / WAITING → … → GAVE_UP; CLOSED is final. */
  enum State {
    NEW,
    CONNECTING,
    CONNECTED,
    WAITING,
    GAVE_UP,
    CLOSED
  }

  private static final Logger LOG = LoggerFactory.getLogger(Link.class);

  /** Numbers every connection of every link in this JVM (see {@link #connectionId}). */
  private static final AtomicLong CONNECTIONS = new AtomicLong();

  /** When this many written ids of an acknowledging peer wait for the loop, the sender reports. */
  static final int MAX_UNREPORTED = 64;

  private final String peerId;
  private final Path socket;
  private final boolean acknowledges;
  private final IoLoop loop;
  private final PushOptions options;
  private final Outbox outbox;
  private final LinkWriter writer;
  private final SentIds sentIds;
  private final AtomicBoolean flushRequested = new AtomicBoolean();
  // guards channel writes, writer, written, writeFailure and every change into or out of CONNECTED
  private final ReentrantLock writeLock = new ReentrantLock();
  private final List<String> written = new ArrayList<>();
  private final List<String> ackBatch = new ArrayList<>();
  private @Nullable String writeFailure;
  private boolean callbacksPending;
  private boolean refusalLogged;
  private volatile State state = State.NEW;
  private volatile int failures;
  private volatile long connection;
  private @Nullable SocketChannel channel;
  private @Nullable SelectionKey key;
  private LinkReader reader;
  private long epoch;

  Link(String peerId, Path socket, boolean acknowledges, IoLoop loop, PushOptions options) {
    this(peerId, socket, acknowledges, loop, options, new LongAdder());
  }

  /** As above; every notification the link drops also counts in {@code droppedTotal}. */
  Link(
      String peerId,
      Path socket,
      boolean acknowledges,
      IoLoop loop,
      PushOptions options,
      LongAdder droppedTotal) {
    this.peerId = peerId;
    this.socket = socket;
    this.acknowledges = acknowledges;
    this.loop = loop;
    this.options = options;
    this.outbox =
        new Outbox(peerId, options.maxPendingLines(), options.maxPendingBytes(), droppedTotal);
    this.sentIds = new SentIds(options.sentIdsPerLink());
    this.writer = new LinkWriter(outbox, sentIds);
    this.reader = new LinkReader(peerId, acknowledges);
  }

  boolean isConnected() {
    return state == State.CONNECTED;
  }

  /** The number of the current (or last) connection; set before the link shows as connected. */
  /** Frames dropped because the queue was full, over the link's life. */
  long dropped() {
    return outbox.dropped();
  }

  long connectionId() {
    return connection;
  }

  LinkStatus status() {
    return new LinkStatus(state, failures, outbox.dropped(), outbox.pendingBytes());
  }

  /**
   * Any thread: if the link is up, writes the frame to the socket right away when nothing is queued
   * or being written and no other thread is writing, and queues it for the loop otherwise (or for
   * the part the socket did not take). Over the budget the frame is dropped and counted. Never
   * blocks on a socket or a lock and never throws for I/O: a failed write is left to the loop.
   */
  void send(Frame frame) {
    if (sendQuietly(frame)) {
      loop.wakeup();
    }
  }

  /**
   * As {@link #send}, except that waking the loop is left to the caller: true if the loop has a
   * flush request from this call and must be woken (once, however many links asked). A batch of
   * sends wakes each loop once at its end instead of once per link.
   */
  boolean sendQuietly(Frame frame) {
    if (state != State.CONNECTED) {
      return false;
    }
    switch (writeNow(frame)) {
      case DONE:
        return false;
      case FLUSH:
        return requestFlush();
      default:
        // also after a drop: the loop must see the queue drained to end the overflow episode
        outbox.offer(frame);
        return requestFlush();
    }
  }

  /** What a sender's write attempt left to do. */
  private enum Written {
    DONE,
    FLUSH,
    QUEUE
  }

  /** Sending thread: writes the frame if the link is idle (or drops it, counted, over budget). */
  private Written writeNow(Frame frame) {
    if (!writeLock.tryLock()) {
      return Written.QUEUE; // the loop or another sender is writing: queue behind it
    }
    boolean more;
    try {
      SocketChannel ch = channel;
      if (state != State.CONNECTED || ch == null) {
        return Written.DONE; // went down since send() looked: dropped, as enqueue would
      }
      if (writeFailure != null || writer.hasPending() || outbox.hasQueued()) {
        return Written.QUEUE;
      }
      // a drop (counted) still wakes the loop, which ends the overflow episode
      more = !outbox.offer(frame) || writeFromSender(ch);
    } catch (IOException e) {
      // the loop runs the usual failure handling on its own thread (flush sees writeFailure)
      writeFailure = e.toString();
      more = true;
    } finally {
      writeLock.unlock();
    }
    return more ? Written.FLUSH : Written.DONE;
  }

  /** Sending thread, under {@code writeLock}. */
  private boolean writeFromSender(SocketChannel ch) throws IOException {
    try {
      return writer.write(ch, written);
    } finally {
      // an acknowledging peer's ack soon wakes the loop, which reports these ids together with it
      // (one wake-up of the callback thread, not two); for other peers writing is delivery
      if (!acknowledges || written.size() >= MAX_UNREPORTED) {
        reportWritten();
      }
    }
  }

  /** Queues this link for the loop's next flush; true if it was not queued yet (wake the loop). */
  private boolean requestFlush() {
    if (flushRequested.compareAndSet(false, true)) {
      loop.requestFlushQuietly(this);
      return true;
    }
    return false;
  }

  /** The loop that owns this link (a batch wakes it once). */
  IoLoop loop() {
    return loop;
  }

  void start() {
    if (state == State.NEW) {
      loop.adopt(this);
      attempt();
    }
  }

  /** A heartbeat: a link that is waiting or gave up tries again now, with a fresh budget. */
  void nudge() {
    if (state == State.NEW) {
      start();
    } else if (state == State.WAITING || state == State.GAVE_UP) {
      failures = 0;
      attempt();
    }
  }

  void close() {
    goDown(State.CLOSED);
    epoch++;
    loop.forget(this);
  }

  /** At broker shutdown: queue the shutdown line past the budget and start writing it. */
  void sendFinal(Frame frame) {
    if (state == State.CONNECTED) {
      outbox.offerAlways(frame);
      flush();
    }
  }

  boolean hasPendingWrites() {
    writeLock.lock();
    try {
      return state == State.CONNECTED && (writer.hasPending() || outbox.hasQueued());
    } finally {
      writeLock.unlock();
    }
  }

  private void attempt() {
    state = State.CONNECTING;
    long attemptEpoch = ++epoch;
    try {
      Optional<String> refusal = SocketFiles.refusal(socket);
      if (refusal.isPresent()) {
        refuse(refusal.get());
        return;
      }
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel = ch;
      ch.configureBlocking(false);
      key = loop.register(ch, this);
      if (ch.connect(UnixDomainSocketAddress.of(socket))) {
        onConnected();
      } else {
        key.interestOps(SelectionKey.OP_CONNECT);
        loop.schedule(options.connectTimeout(), () -> connectTimedOut(attemptEpoch));
      }
    } catch (NoSuchFileException e) {
      fail("no socket at " + socket);
    } catch (IOException | InvalidPathException e) {
      fail(e.toString());
    }
  }

  void onConnectable() {
    try {
      SocketChannel ch = channel;
      if (ch != null && ch.finishConnect()) {
        onConnected();
      }
    } catch (IOException e) {
      fail(e.toString());
    }
  }

  private void connectTimedOut(long attemptEpoch) {
    if (epoch == attemptEpoch && state == State.CONNECTING) {
      fail("connect timed out after " + options.connectTimeout().toMillis() + " ms");
    }
  }

  private void onConnected() {
    epoch++;
    failures = 0;
    reader = new LinkReader(peerId, acknowledges);
    interest(false);
    writeLock.lock();
    try {
      // frames a sender queued while it saw the old connection still up must not go first here
      discardPending();
      sentIds.clear();
      connection = CONNECTIONS.incrementAndGet();
      state = State.CONNECTED;
      // under the lock: no sender's write (nor its written callback) comes before linkUp
      loop.callbacks().linkUp(peerId);
    } finally {
      writeLock.unlock();
    }
    LOG.debug("[push] Connected to peer {} at {}", peerId, socket);
    flush();
  }

  private void refuse(String reason) {
    // once per link: heartbeats nudge a refused link again every 15 s
    if (!refusalLogged) {
      refusalLogged = true;
      LOG.warn("[push] Refusing to connect to peer {}: {} {}", peerId, socket, reason);
    }
    fail(socket + " " + reason);
  }

  /** The connection failed or was lost: back off and retry, or give up. */
  private void fail(String reason) {
    int count = ++failures;
    Optional<Duration> delay = options.backoff().delayAfter(count, ThreadLocalRandom.current());
    goDown(delay.isEmpty() ? State.GAVE_UP : State.WAITING);
    if (delay.isEmpty()) {
      LOG.warn(
          "[push] Giving up on peer {} after {} consecutive failures (last: {}); waiting for its"
              + " next heartbeat or registration",
          peerId,
          count,
          reason);
      return;
    }
    long waitEpoch = ++epoch;
    LOG.debug(
        "[push] Link to peer {} down ({}); retry {} in {} ms",
        peerId,
        reason,
        count,
        delay.get().toMillis());
    loop.schedule(delay.get(), () -> retry(waitEpoch));
  }

  private void retry(long waitEpoch) {
    if (epoch == waitEpoch && state == State.WAITING) {
      attempt();
    }
  }

  void onReadable() {
    SocketChannel ch = channel;
    if (ch == null || state != State.CONNECTED) {
      return;
    }
    try {
      if (!reader.read(ch, loop.readBuffer(), sentIds, ackBatch)) {
        fail("connection closed by the peer");
        return;
      }
    } catch (IOException e) {
      fail("read failed: " + e);
      return;
    }
    if (acknowledges) {
      markForCallbacks(); // acks to report, or ids a sender wrote and left for this round
    }
  }

  /**
   * Writes as much as the socket takes now; keeps OP_WRITE interest only while bytes remain. Once
   * everything queued is written after the queue overflowed, asks the broker to re-queue what was
   * dropped ({@link DeliveryCallbacks#drained}): the backlog drains as soon as the peer reads.
   */
  void flush() {
    flushRequested.set(false);
    @Nullable String failure = null;
    boolean drained = false;
    writeLock.lock();
    try {
      SocketChannel ch = channel;
      if (state != State.CONNECTED || ch == null) {
        return;
      }
      failure = writeFailure;
      if (failure == null) {
        boolean more = writer.write(ch, written);
        interest(more);
        drained = !more && outbox.endOverflowIfDrained();
      }
    } catch (IOException e) {
      failure = e.toString();
    } finally {
      boolean report = !written.isEmpty();
      writeLock.unlock();
      if (report) {
        markForCallbacks();
      }
    }
    if (failure != null) {
      fail("write failed: " + failure);
    } else if (drained) {
      loop.callbacks().drained(peerId);
    }
  }

  private void markForCallbacks() {
    if (!callbacksPending) {
      callbacksPending = true;
      loop.touched(this);
    }
  }

  /** Hands this round's written, then acknowledged ids to the callback thread. */
  void publishCallbacks() {
    callbacksPending = false;
    writeLock.lock();
    try {
      reportWritten();
    } finally {
      writeLock.unlock();
    }
    if (!ackBatch.isEmpty()) {
      loop.callbacks().acknowledged(peerId, List.copyOf(ackBatch));
      ackBatch.clear();
    }
  }

  /** Under {@code writeLock}: {@code written} callbacks keep the order of the writes. */
  private void reportWritten() {
    if (!written.isEmpty()) {
      loop.callbacks().written(peerId, List.copyOf(written));
      written.clear();
    }
  }

  private void interest(boolean write) {
    SelectionKey k = key;
    if (k != null && k.isValid()) {
      k.interestOps(SelectionKey.OP_READ | (write ? SelectionKey.OP_WRITE : 0));
    }
  }

  /** Leaves CONNECTED (or CONNECTING) for {@code next}: closes the socket, drops the pending. */
  private void goDown(State next) {
    writeLock.lock();
    try {
      state = next;
      reportWritten(); // written on the connection that goes down: still reported, once
      closeChannel();
      discardPending();
    } finally {
      writeLock.unlock();
    }
  }

  private void closeChannel() {
    writeFailure = null;
    SelectionKey k = key;
    if (k != null) {
      k.cancel();
      key = null;
    }
    SocketChannel ch = channel;
    if (ch != null) {
      channel = null;
      try {
        ch.close();
      } catch (IOException e) {
        LOG.debug("[push] Closing the socket of peer {} failed: {}", peerId, e.toString());
      }
    }
  }

  private void discardPending() {
    writer.clear();
    outbox.clear();
  }
}
