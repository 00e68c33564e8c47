package dev.slmmesh.store;

import java.time.Instant;
import java.util.function.Function;

/**
 * Durable state of one mesh: its tables ({@link PeerStore peers and credentials}, {@link
 * MessageStore messages}, {@link StateStore shared state}, {@link LockStore locks}, {@link
 * EventStore events}), composed as a {@link Transaction}, plus the store's life cycle. All times
 * are instants and every comparison is by instant. Implementations are thread-safe; each table
 * method is atomic, and {@link #atomically} groups several into one transaction. The contract is
 * pinned by {@code AbstractStoreContractTest}.
 */
public interface Store extends Transaction, AutoCloseable {

  /**
   * Runs {@code work} in one transaction: every call it makes through the {@link Transaction} it is
   * given commits or rolls back together. Nested calls on the same thread join the outer one.
   */
  <T> T atomically(Function<Transaction, T> work);

  // ---- housekeeping --------------------------------------------------------------------------

  /**
   * Runs {@code work} unless another broker sharing this store runs housekeeping right now; returns
   * whether it ran. A store of one broker (SQLite) always runs it.
   */
  default boolean housekeeping(Runnable work) {
    work.run();
    return true;
  }

  /**
   * The clock brokers sharing this store agree on: {@code local} itself for a store of one broker,
   * the database server's clock for a shared one (so that lock expiry, staleness and message times
   * mean the same on every broker).
   */
  default java.time.Clock clock(java.time.Clock local) {
    return local;
  }

  /**
   * Opens the channel to the other brokers sharing this store, which from then on also tells them
   * of every message stored ({@link StoreChannel#MESSAGES}); empty for a store of one broker. The
   * store closes it.
   */
  default java.util.Optional<StoreChannel> openChannel() {
    return java.util.Optional.empty();
  }

  Stats stats(Instant now);

  /** Periodic maintenance (SQLite: a WAL checkpoint that keeps the log bounded). */
  void maintain();

  /**
   * Writes what was deferred (heartbeat times, delivery marks); the daemon calls it every second.
   */
  void flushDeferred();

  @Override
  void close();
}
