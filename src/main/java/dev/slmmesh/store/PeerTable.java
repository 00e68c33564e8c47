package dev.slmmesh.store;

import dev.slmmesh.wire.Peer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Peers and their credential hashes. Registration order is the {@code seq} column, and liveness
 * cut-offs compare epoch milliseconds. Credentials live in their own table because they outlive the
 * peer row (a peer removed by dead-timeout may come back and reclaim its id).
 *
 * <p>Reads outside a transaction are served from a {@link PeerCache} of the committed rows, loaded
 * when the table opens and kept in step by after-commit hooks, so the per-request lookups
 * (credential, sender, target) never wait for the connection; reads inside a transaction query the
 * rows, so they see that transaction's own writes. That is valid because one process owns the
 * database (the broker holds the data directory's lock). With {@code shared} (PostgreSQL, where
 * several brokers may use one database) every read goes to the rows and heartbeats are written
 * through; otherwise heartbeats of active peers are written behind: see {@link #touch}.
 *
 * <p>It is given only the reading half of the database and of the cache: every write goes through
 * {@link PeerWrites}, which brings the cache in step with it.
 */
final class PeerTable implements PeerStore {
  private final SqlReads db;
  private final PeerWrites writes;
  private final CachedPeers cache;
  private final Sql sql;
  private final boolean shared;

  PeerTable(SqlReads db, PeerWrites writes, Sql sql, boolean shared) {
    this.db = db;
    this.writes = writes;
    this.cache = writes.cached();
    this.sql = sql;
    this.shared = shared;
  }

  @Override
  public void insert(PeerRecord record) {
    Peer p = record.peer();
    writes.write(
        "insertPeer",
        sql.insertPeer,
        c -> c.put(record),
        p.id(),
        p.name(),
        p.pid(),
        p.projectPath(),
        p.gitRoot(),
        p.gitBranch(),
        p.agentType(),
        p.summary(),
        p.udsPath(),
        p.startedAt(),
        p.lastHeartbeat(),
        p.status(),
        p.deliveryPath(),
        record.acknowledges(),
        p.machineId(),
        p.machineName());
  }

  @Override
  public boolean update(PeerRecord record) {
    Peer p = record.peer();
    return writes.write(
        "updatePeer",
        sql.updatePeer,
        c -> c.replace(record),
        p.name(),
        p.pid(),
        p.projectPath(),
        p.gitRoot(),
        p.gitBranch(),
        p.agentType(),
        p.summary(),
        p.udsPath(),
        p.lastHeartbeat(),
        p.status(),
        p.deliveryPath(),
        record.acknowledges(),
        p.machineId(),
        p.machineName(),
        p.id());
  }

  /** Whether a read may come from the cache: outside a transaction, on a database of our own. */
  private boolean fromCache() {
    return !shared && !db.inTransaction();
  }

  @Override
  public Optional<PeerRecord> find(String id) {
    if (!fromCache()) {
      return db.queryOne("findPeer", sql.findPeer, PeerTable::map, id)
          .map(cache::withLatestHeartbeat);
    }
    db.checkOpen();
    return cache.find(id);
  }

  @Override
  public List<PeerRecord> listActive(PeerQuery q) {
    if (!fromCache()) {
      return db
          .query(
              "listPeers",
              sql.listPeers,
              PeerTable::map,
              Peer.ACTIVE,
              q.projectPath(),
              q.projectPath(),
              q.gitRoot(),
              q.gitRoot(),
              q.excludeId(),
              q.excludeId())
          .stream()
          .map(cache::withLatestHeartbeat)
          .toList();
    }
    db.checkOpen();
    return cache.listActive(q);
  }

  /**
   * A heartbeat. For an active peer only the in-memory copy changes at once; the row follows at the
   * next {@link #flushHeartbeats} (the daemon calls it every second, and every read of heartbeat
   * times below flushes first), so a crash loses at most that much heartbeat history, never a peer.
   * A stale peer coming back is written through, because its status changes.
   */
  @Override
  public boolean touch(String id, Instant now) {
    if (shared) {
      return writes.write(
          "touchPeer", sql.touchPeer, c -> c.reactivate(id, now), now, Peer.ACTIVE, id);
    }
    if (cache.find(id).isEmpty()) {
      return false;
    }
    if (writes.touchIfActive(id, now)) {
      return true;
    }
    return writes.write(
        "touchPeer", sql.touchPeer, c -> c.reactivate(id, now), now, Peer.ACTIVE, id);
  }

  /** Writes the heartbeats {@link #touch} deferred, in one transaction; returns how many. */
  int flushHeartbeats() {
    return writes.flushHeartbeats();
  }

  @Override
  public boolean updateSummary(String id, String summary) {
    return writes.write(
        "updateSummary",
        sql.updateSummary,
        c -> c.update(id, p -> PeerCache.withSummary(p, summary)),
        summary,
        id);
  }

  /** Heartbeats repeat the delivery path; an unchanged one is not written again. */
  @Override
  public boolean updateDeliveryPath(String id, String deliveryPath) {
    if (fromCache()) {
      Optional<PeerRecord> current = cache.find(id);
      if (current.isPresent() && deliveryPath.equals(current.get().peer().deliveryPath())) {
        return true;
      }
    }
    return writes.write(
        "updateDeliveryPath",
        sql.updateDeliveryPath,
        c -> c.update(id, p -> PeerCache.withDeliveryPath(p, deliveryPath)),
        deliveryPath,
        id);
  }

  @Override
  public List<String> markStale(Instant cutoff) {
    return writes.markStale(cutoff);
  }

  @Override
  public List<PeerRecord> findDead(Instant cutoff) {
    flushHeartbeats();
    return db.query(
        "findDead", sql.peersByStatusBefore, PeerTable::map, Peer.STALE, Millis.ceil(cutoff));
  }

  @Override
  public boolean delete(String id) {
    return writes.write("deletePeer", sql.deletePeer, c -> c.remove(id), id);
  }

  @Override
  public Optional<String> credentialHash(String peerId) {
    if (!fromCache()) {
      return db.queryOne(
          "credentialHash", sql.credentialHash, row -> row.getString("secret_hash"), peerId);
    }
    db.checkOpen();
    return cache.credential(peerId);
  }

  @Override
  public void saveCredential(String peerId, String hash) {
    writes.write(
        "saveCredential", sql.saveCredential, c -> c.putCredential(peerId, hash), peerId, hash);
  }

  @Override
  public void deleteCredential(String peerId) {
    writes.write("deleteCredential", sql.deleteCredential, c -> c.removeCredential(peerId), peerId);
  }

  static PeerRecord map(ResultSet row) throws SQLException {
    Peer peer =
        new Peer(
            row.getString("id"),
            row.getString("name"),
            row.getLong("pid"),
            row.getString("project_path"),
            row.getString("git_root"),
            row.getString("git_branch"),
            row.getString("agent_type"),
            row.getString("summary"),
            row.getString("uds_path"),
            Millis.read(row, "started_at"),
            Millis.read(row, "last_heartbeat"),
            row.getString("status"),
            row.getString("delivery_path"),
            null,
            row.getString("machine_id"),
            row.getString("machine_name"));
    return new PeerRecord(peer, row.getLong("acknowledges") != 0);
  }
}
