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
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer's push link: a non-blocking Unix socket connection with its reconnect state, outgoing
 * frames and ack reader. Everything except {@link #enqueue}, {@link #isConnected} and
 * {@link #status} runs on the owning {@link IoLoop}'s thread. A link object is used for one
 * {@code connect()} call; replacing or disconnecting the peer closes it for good.
 */
final class Link {

  /** Life cycle: NEW → CONNECTING → CONNECTED / WAITING → … → GAVE_UP; CLOSED is final. */
  enum State { NEW, CONNECTING, CONNECTED, WAITING, GAVE_UP, CLOSED }

  private static final Logger LOG = LoggerFactory.getLogger(Link.class);
  /** Numbers every connection of every link in this JVM (see {@link #connectionId}). */
  private static final AtomicLong CONNECTIONS = new AtomicLong();

  private final String peerId;
  private final Path socket;
  private final boolean acknowledges;
  private final IoLoop loop;
  private final PushOptions options;
  private final Outbox outbox;
  private final LinkWriter writer;
  private final SentIds sentIds;
  private final AtomicBoolean flushRequested = new AtomicBoolean();
  private final List<String> writtenBatch = new ArrayList<>();
  private final List<String> ackBatch = new ArrayList<>();
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
    this.peerId = peerId;
    this.socket = socket;
    this.acknowledges = acknowledges;
    this.loop = loop;
    this.options = options;
    this.outbox = new Outbox(peerId, options.maxPendingLines(), options.maxPendingBytes());
    this.writer = new LinkWriter(outbox);
    this.sentIds = new SentIds(options.sentIdsPerLink());
    this.reader = new LinkReader(peerId, acknowledges);
  }

  boolean isConnected() {
    return state == State.CONNECTED;
  }

  /** The number of the current (or last) connection; set before the link shows as connected. */
  long connectionId() {
    return connection;
  }

  LinkStatus status() {
    return new LinkStatus(state, failures, outbox.dropped(), outbox.pendingBytes());
  }

  /** Any thread: queues a frame if the link is up and the budget allows; never blocks. */
  void enqueue(Frame frame) {
    if (state != State.CONNECTED) {
      return;
    }
    if (outbox.offer(frame) && flushRequested.compareAndSet(false, true)) {
      loop.requestFlush(this);
    }
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
    state = State.CLOSED;
    epoch++;
    closeChannel();
    discardPending();
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
    return state == State.CONNECTED && (writer.hasPending() || outbox.hasQueued());
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
    sentIds.clear();
    reader = new LinkReader(peerId, acknowledges);
    interest(false);
    connection = CONNECTIONS.incrementAndGet();
    state = State.CONNECTED;
    LOG.debug("[push] Connected to peer {} at {}", peerId, socket);
    loop.callbacks().linkUp(peerId);
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
    closeChannel();
    discardPending();
    int count = ++failures;
    Optional<Duration> delay =
        options.backoff().delayAfter(count, ThreadLocalRandom.current());
    if (delay.isEmpty()) {
      state = State.GAVE_UP;
      LOG.warn(
          "[push] Giving up on peer {} after {} consecutive failures (last: {}); waiting for its"
              + " next heartbeat or registration",
          peerId,
          count,
          reason);
      return;
    }
    state = State.WAITING;
    long waitEpoch = ++epoch;
    LOG.debug("[push] Link to peer {} down ({}); retry {} in {} ms", peerId, reason, count,
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
    if (!ackBatch.isEmpty()) {
      markForCallbacks();
    }
  }

  /** Writes as much as the socket takes now; keeps OP_WRITE interest only while bytes remain. */
  void flush() {
    flushRequested.set(false);
    SocketChannel ch = channel;
    if (state != State.CONNECTED || ch == null) {
      return;
    }
    try {
      boolean more = writer.write(ch, sentIds, writtenBatch);
      interest(more);
    } catch (IOException e) {
      fail("write failed: " + e);
    }
    if (!writtenBatch.isEmpty()) {
      markForCallbacks();
    }
  }

  private void markForCallbacks() {
    if (!callbacksPending) {
      callbacksPending = true;
      loop.touched(this);
    }
  }

  /** Hands this round's written and acknowledged ids to the callback thread. */
  void publishCallbacks() {
    callbacksPending = false;
    if (!writtenBatch.isEmpty()) {
      loop.callbacks().written(peerId, List.copyOf(writtenBatch));
      writtenBatch.clear();
    }
    if (!ackBatch.isEmpty()) {
      loop.callbacks().acknowledged(peerId, List.copyOf(ackBatch));
      ackBatch.clear();
    }
  }

  private void interest(boolean write) {
    SelectionKey k = key;
    if (k != null && k.isValid()) {
      k.interestOps(SelectionKey.OP_READ | (write ? SelectionKey.OP_WRITE : 0));
    }
  }

  private void closeChannel() {
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
