package dev.slmmesh.store;

import dev.slmmesh.wire.Message;
import dev.slmmesh.wire.Peer;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link Store} over one JDBC {@link Database}: the engine-neutral part shared by every SQL
 * backend, one class per table. Two of them are given only half of the database, so that the
 * store's easy-to-break rules hold by construction: {@link PeerTable} reads, and writes only
 * through {@link PeerWrites} (which keeps the peer cache true); {@link MessageTable} writes, and
 * reads only through {@link MessageReads} (which writes the deferred delivery marks first).
 * Subclasses open the connection, choose the {@link Dialect} and implement maintenance and closing.
 */
abstract class JdbcStore implements Store {
  private final Database db;
  private final Sql sql;
  private final PeerTable peers;
  private final MessageReads messageReads;
  private final MessageTable messages;
  private final StateTable state;
  private final SqlLockTable locks;
  private final EventTable events;

  JdbcStore(Database db, Sql sql) {
    this(db, sql, false);
  }

  /** {@code shared}: other brokers write the same database, so peers are read from its rows. */
  JdbcStore(Database db, Sql sql, boolean shared) {
    this.db = db;
    this.sql = sql;
    this.peers = new PeerTable(db, new PeerWrites(db, sql), sql, shared);
    this.messageReads = new MessageReads(db, sql);
    this.messages = new MessageTable(db, messageReads, sql, this::announce);
    this.state = new StateTable(db, sql);
    this.locks = new SqlLockTable(db, sql);
    this.events = new EventTable(db, sql);
  }

  final Database database() {
    return db;
  }

  @Override
  public final <T> T atomically(Function<Transaction, T> work) {
    return db.transaction("atomically", () -> work.apply(this));
  }

  @Override
  public final void afterCommit(Runnable action) {
    if (db.inTransaction()) {
      db.afterCommit(action);
    } else {
      action.run();
    }
  }

  @Override
  public final PeerStore peers() {
    return peers;
  }

  @Override
  public final MessageStore messages() {
    return messages;
  }

  @Override
  public final StateStore state() {
    return state;
  }

  @Override
  public final LockStore locks() {
    return locks;
  }

  @Override
  public final EventStore events() {
    return events;
  }

  /**
   * Tells other brokers sharing the database that {@code batch} is stored (once its transaction
   * commits); nothing for a database of one broker.
   */
  void announce(List<Message> batch) {}

  @Override
  public final void flushDeferred() {
    peers.flushHeartbeats();
    messageReads.flush();
  }

  @Override
  public final Stats stats(Instant now) {
    return messageReads // the undelivered count reads messages
        .queryOne(
            "stats",
            sql.stats,
            row ->
                new Stats(
                    row.getLong(1),
                    row.getLong(2),
                    row.getLong(3),
                    row.getLong(4),
                    row.getLong(5),
                    row.getLong(6),
                    row.getLong(7)),
            Peer.ACTIVE,
            Peer.STALE,
            now)
        .orElseThrow();
  }
}
