package dev.slmmesh.store;

import java.util.function.Consumer;

/**
 * Short notes between the brokers that share one store (PostgreSQL's {@code LISTEN/NOTIFY}): ids
 * and small notices, never message bodies, which the receiving broker reads from the store. A
 * broker never hears its own notes. Delivery is best effort: a note may be lost while a broker's
 * listening connection is re-opened, so a receiver must also catch up from the store by itself.
 */
public interface StoreChannel extends AutoCloseable {

  /** Prefix of a note that tells that messages to a peer were stored: {@code m <peerId>}. */
  String MESSAGES = "m";

  /**
   * Queues {@code note} for every other broker; returns at once (a full queue drops it, logged).
   */
  void publish(String note);

  /**
   * Starts handing the other brokers' notes to {@code listener}, in the order they were sent, on a
   * thread of the channel's own; {@code resumed} runs there after the listening connection was
   * re-opened (notes of the gap are lost).
   */
  void listen(Consumer<String> listener, Runnable resumed);

  @Override
  void close();
}
