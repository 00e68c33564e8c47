package dev.slmmesh.store;

import dev.slmmesh.wire.Event;
import dev.slmmesh.wire.Lock;
import dev.slmmesh.wire.Message;
import dev.slmmesh.wire.Peer;
import dev.slmmesh.wire.StateEntry;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Store} over one JDBC {@link Database}: the engine-neutral part shared by every SQL
 * backend. It delegates to one class per table group; subclasses open the connection, choose the
 * {@link Dialect} and implement maintenance and closing.
 */
abstract class JdbcStore implements Store {
  private final Database db;
  private final Sql sql;
  private final PeerTable peers;
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
    this.peers = new PeerTable(db, sql, shared);
    this.messages = new MessageTable(db, sql);
    this.state = new StateTable(db, sql);
    this.locks = new SqlLockTable(db, sql);
    this.events = new EventTable(db, sql);
  }

  final Database database() {
    return db;
  }

  @Override
  public final <T> T atomically(Supplier<T> work) {
    return db.transaction("atomically", work);
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
  public final void insertPeer(PeerRecord peer) {
    peers.insert(peer);
  }

  @Override
  public final boolean updatePeer(PeerRecord peer) {
    return peers.update(peer);
  }

  @Override
  public final Optional<PeerRecord> findPeer(String id) {
    return peers.find(id);
  }

  @Override
  public final List<PeerRecord> listPeers(PeerQuery query) {
    return peers.listActive(query);
  }

  @Override
  public final boolean touchPeer(String id, Instant now) {
    return peers.touch(id, now);
  }

  @Override
  public final boolean updateSummary(String id, String summary) {
    return peers.updateSummary(id, summary);
  }

  @Override
  public final boolean updateDeliveryPath(String id, String deliveryPath) {
    return peers.updateDeliveryPath(id, deliveryPath);
  }

  @Override
  public final List<String> markStale(Instant cutoff) {
    return peers.markStale(cutoff);
  }

  @Override
  public final List<PeerRecord> findDead(Instant cutoff) {
    return peers.findDead(cutoff);
  }

  @Override
  public final boolean deletePeer(String id) {
    return peers.delete(id);
  }

  @Override
  public final Optional<String> credentialHash(String peerId) {
    return peers.credentialHash(peerId);
  }

  @Override
  public final void saveCredential(String peerId, String hash) {
    peers.saveCredential(peerId, hash);
  }

  @Override
  public final void deleteCredential(String peerId) {
    peers.deleteCredential(peerId);
  }

  @Override
  public final void insertMessages(List<Message> batch) {
    messages.insert(batch);
    announce(batch);
  }

  /**
   * Tells other brokers sharing the database that {@code batch} is stored (once its transaction
   * commits); nothing for a database of one broker.
   */
  void announce(List<Message> batch) {}

  @Override
  public final List<Message> takeInbox(InboxQuery query, Instant now) {
    return messages.takeInbox(query, now);
  }

  @Override
  public final List<Message> pendingFor(String peerId, int limit) {
    return messages.pendingFor(peerId, limit);
  }

  @Override
  public final int markDelivered(String peerId, Collection<String> ids) {
    return messages.markDelivered(peerId, ids);
  }

  @Override
  public final void markDeliveredLater(String peerId, Collection<String> ids) {
    messages.markDeliveredLater(peerId, ids);
  }

  @Override
  public final int markRead(String peerId, Collection<String> ids, Instant now) {
    return messages.markRead(peerId, ids, now);
  }

  @Override
  public final List<Message> sentBy(String fromPeer, Collection<String> ids) {
    return messages.sentBy(fromPeer, ids);
  }

  @Override
  public final List<Message> recentMessages(@Nullable String beforeId, int limit) {
    return messages.recent(beforeId, limit);
  }

  @Override
  public final List<StateEntry> allState(int limit) {
    return state.all(limit);
  }

  @Override
  public final int pruneMessages(Instant createdBefore) {
    return messages.prune(createdBefore);
  }

  @Override
  public final List<Message> expireMessages(Instant createdBefore, Instant now) {
    return messages.expire(createdBefore, now).unseen();
  }

  @Override
  public final List<Message> expiredSentBy(String fromPeer, Collection<String> ids) {
    return messages.expiredSentBy(fromPeer, ids);
  }

  @Override
  public final int countUndelivered(String peerId, int limit) {
    return messages.countUndelivered(peerId, limit);
  }

  @Override
  public final int forgetExpired(Instant expiredBefore) {
    return messages.forgetExpired(expiredBefore);
  }

  @Override
  public final Optional<StateEntry> getState(String namespace, String key) {
    return state.get(namespace, key);
  }

  @Override
  public final StateEntry putState(StateEntry entry) {
    return state.put(entry);
  }

  @Override
  public final List<StateEntry> listState(String namespace) {
    return state.list(namespace);
  }

  @Override
  public final boolean deleteState(String namespace, String key) {
    return state.delete(namespace, key);
  }

  @Override
  public final LockResult acquireLock(Lock wanted, Instant now) {
    return locks.acquire(wanted, now);
  }

  @Override
  public final boolean releaseLock(String filePath, String owner) {
    return locks.release(filePath, owner);
  }

  @Override
  public final List<Lock> activeLocks(@Nullable String filePath, Instant now) {
    return locks.active(filePath, now);
  }

  @Override
  public final int deleteExpiredLocks(Instant now) {
    return locks.deleteExpired(now);
  }

  @Override
  public final List<String> releaseLocksOf(String owner) {
    return locks.releaseAllOf(owner);
  }

  @Override
  public final void insertEvent(Event event) {
    events.insert(event);
  }

  @Override
  public final List<Event> events(EventQuery query) {
    return events.read(query);
  }

  @Override
  public final int pruneEvents(Instant createdBefore) {
    return events.prune(createdBefore);
  }

  @Override
  public final void flushDeferred() {
    peers.flushHeartbeats();
    db.writeDeferred();
  }

  @Override
  public final Stats stats(Instant now) {
    db.writeDeferred(); // the undelivered count
    return db.queryOne(
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
