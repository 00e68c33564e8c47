package dev.slmmesh.broker;

import dev.slmmesh.wire.Notification;
import java.nio.file.Path;

/**
 * What the broker needs from push delivery; the {@code push} package implements it. Every method
 * returns at once: an implementation may write to a peer's socket on the caller's thread, but never
 * blocking; waiting for a slow or dead peer happens on the push threads, so it never delays a
 * caller. Notifications to a peer stay in the order they were handed in.
 */
public interface PushNotifier extends AutoCloseable {

  /** {@link #connectionId} of a transport that cannot tell its connections apart. */
  long UNKNOWN_CONNECTION = -1;

  /**
   * Opens (or replaces) the link to a peer's listening Unix socket. The path has already been
   * validated by the broker. {@code acknowledges}: the peer writes ack lines back; otherwise a
   * fully written message counts as delivered. Reconnects with backoff until {@link #disconnect}.
   */
  void connect(String peerId, Path socket, boolean acknowledges);

  /** Closes the link for good (unregister, dead peer). Unknown ids are ignored. */
  void disconnect(String peerId);

  /**
   * Queues one notification for one peer; dropped if the link is not up. A message notification
   * whose id was already queued on the current connection is not queued again.
   */
  void send(String peerId, Notification notification);

  /**
   * Opens a batch of {@link #send}s from the calling thread, such as a broadcast's hand-off to its
   * recipients. Each {@link SendBatch#send} behaves as {@link #send} and keeps its order; an
   * implementation may share work between them (one encoding of lines that differ only in the
   * message id, one wake-up of each I/O thread at {@link SendBatch#close}). Close it promptly on
   * the same thread.
   */
  default SendBatch batch() {
    return this::send;
  }

  /** Sends of one batch ({@link #batch}); closing it finishes what the sends left to do. */
  @FunctionalInterface
  interface SendBatch extends AutoCloseable {

    /** As {@link PushNotifier#send}. */
    void send(String peerId, Notification notification);

    @Override
    default void close() {}
  }

  /** Queues one notification for every peer whose link is up. */
  void broadcast(Notification notification);

  boolean isConnected(String peerId);

  /**
   * Identifies the peer's current connection: a new value whenever a new connection to it comes up
   * (and becomes visible here before {@link #isConnected} turns true for it), so that the broker
   * can tell that a link was replaced even if it never saw it down. {@link #UNKNOWN_CONNECTION} if
   * this transport cannot tell; the broker then replays from the store on every send.
   */
  default long connectionId(String peerId) {
    return UNKNOWN_CONNECTION;
  }

  /**
   * How many notifications to the peer its link has dropped so far because its queue was full (a
   * count that only grows, kept across the link's connections), or -1 if this transport cannot
   * tell; the broker then replays from the store on every heartbeat.
   */
  default long dropped(String peerId) {
    return -1;
  }

  /** Totals since start for {@code /status}; zero where the transport does not count. */
  default PushCounters counters() {
    return PushCounters.NONE;
  }

  /**
   * An event just stored, for the subscribers that other brokers sharing the store serve (they keep
   * their subscriptions); nothing where the broker is alone on its store.
   */
  default void shareEvent(String type, Notification notification) {}

  /** The peer is alive (heartbeat): if its link is down or gave up, try again now. */
  void nudge(String peerId);

  /**
   * Sends {@code shutdown} to every connected peer, flushes briefly (bounded), closes all links.
   */
  @Override
  void close();
}
