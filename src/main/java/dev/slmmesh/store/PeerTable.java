package dev.slmmesh.store;

import dev.slmmesh.wire.Peer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Peers and their credential hashes. Registration order is the {@code seq} column, and liveness
 * cut-offs compare epoch milliseconds. Credentials live in their own table because they outlive the
 * peer row (a peer removed by dead-timeout may come back and reclaim its id).
 *
 * <p>Reads outside a transaction are served from a {@link PeerCache} of the committed rows, loaded
 * when the table opens and kept in step by after-commit hooks, so the per-request lookups
 * (credential, sender, target) never wait for the connection; reads inside a transaction query
 * the rows, so they see that transaction's own writes. That is valid because one process owns the database
 * (the broker holds the data directory's lock). With {@code shared} (PostgreSQL, where several
 * brokers may use one database) every read goes to the rows and heartbeats are written through;
 * otherwise heartbeats of active peers are written behind: see {@link #touch}.
 */
final class PeerTable {
  private final Database db;
  private final Sql sql;
  private final PeerCache cache = new PeerCache();
  private final boolean shared;

  PeerTable(Database db, Sql sql, boolean shared) {
    this.db = db;
    this.sql = sql;
    this.shared = shared;
    db.query("loadPeers", sql.allPeers, PeerTable::map).forEach(cache::put);
    db.query(
            "loadCredentials",
            sql.allCredentials,
            row -> Map.entry(row.getString("peer_id"), row.getString("secret_hash")))
        .forEach(e -> cache.putCredential(e.getKey(), e.getValue()));
  }

  void insert(PeerRecord record) {
    Peer p = record.peer();
    write(
        "insertPeer",
        sql.insertPeer,
        () -> cache.put(record),
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

  boolean update(PeerRecord record) {
    Peer p = record.peer();
    return write(
        "updatePeer",
        sql.updatePeer,
        () -> cache.replace(record),
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

  Optional<PeerRecord> find(String id) {
    if (!fromCache()) {
      return db.queryOne("findPeer", sql.findPeer, PeerTable::map, id).map(cache::withLatestHeartbeat);
    }
    db.checkOpen();
    return cache.find(id);
  }

  List<PeerRecord> listActive(PeerQuery q) {
    if (!fromCache()) {
      return db.query(
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
   * A heartbeat. For an active peer only the in-memory copy changes at once; the row follows at
   * the next {@link #flushHeartbeats} (the daemon calls it every second, and every read of
   * heartbeat times below flushes first), so a crash loses at most that much heartbeat history,
   * never a peer. A stale peer coming back is written through, because its status changes.
   */
  boolean touch(String id, Instant now) {
    if (shared) {
      return write("touchPeer", sql.touchPeer, () -> cache.reactivate(id, now), now, Peer.ACTIVE, id);
    }
    if (cache.find(id).isEmpty()) {
      return false;
    }
    if (cache.touchIfActive(id, now)) {
      return true;
    }
    return write("touchPeer", sql.touchPeer, () -> cache.reactivate(id, now), now, Peer.ACTIVE, id);
  }

  /** Writes the heartbeats {@link #touch} deferred, in one transaction; returns how many. */
  int flushHeartbeats() {
    Map<String, Instant> due = cache.takeHeartbeats();
    if (due.isEmpty()) {
      return 0;
    }
    try {
      return db.transaction(
          "flushHeartbeats",
          () -> {
            for (Map.Entry<String, Instant> e : due.entrySet()) {
              db.update("flushHeartbeats", sql.advanceHeartbeat, e.getValue(), e.getKey());
            }
            return due.size();
          });
    } catch (RuntimeException e) {
      cache.restoreHeartbeats(due); // written with the next flush
      throw e;
    }
  }

  boolean updateSummary(String id, String summary) {
    return write(
        "updateSummary",
        sql.updateSummary,
        () -> cache.update(id, p -> PeerCache.withSummary(p, summary)),
        summary,
        id);
  }

  /** Heartbeats repeat the delivery path; an unchanged one is not written again. */
  boolean updateDeliveryPath(String id, String deliveryPath) {
    if (fromCache()) {
      Optional<PeerRecord> current = cache.find(id);
      if (current.isPresent() && deliveryPath.equals(current.get().peer().deliveryPath())) {
        return true;
      }
    }
    return write(
        "updateDeliveryPath",
        sql.updateDeliveryPath,
        () -> cache.update(id, p -> PeerCache.withDeliveryPath(p, deliveryPath)),
        deliveryPath,
        id);
  }

  List<String> markStale(Instant cutoff) {
    flushHeartbeats();
    return db.transaction(
        "markStale",
        () -> {
          List<String> ids =
              db.query(
                  "markStale",
                  sql.peerIdsByStatusBefore,
                  row -> row.getString("id"),
                  Peer.ACTIVE,
                  Millis.ceil(cutoff));
          if (!ids.isEmpty()) {
            db.update(
                "markStale", sql.setStatusBefore, Peer.STALE, Peer.ACTIVE, Millis.ceil(cutoff));
            List<String> marked = new ArrayList<>(ids);
            db.afterCommit(() -> marked.forEach(cache::markStale));
          }
          return ids;
        });
  }

  List<PeerRecord> findDead(Instant cutoff) {
    flushHeartbeats();
    return db.query(
        "findDead", sql.peersByStatusBefore, PeerTable::map, Peer.STALE, Millis.ceil(cutoff));
  }

  boolean delete(String id) {
    return write("deletePeer", sql.deletePeer, () -> cache.remove(id), id);
  }

  Optional<String> credentialHash(String peerId) {
    if (!fromCache()) {
      return db.queryOne(
          "credentialHash", sql.credentialHash, row -> row.getString("secret_hash"), peerId);
    }
    db.checkOpen();
    return cache.credential(peerId);
  }

  void saveCredential(String peerId, String hash) {
    write("saveCredential", sql.saveCredential, () -> cache.putCredential(peerId, hash), peerId, hash);
  }

  void deleteCredential(String peerId) {
    write("deleteCredential", sql.deleteCredential, () -> cache.removeCredential(peerId), peerId);
  }

  /**
   * One statement in its own transaction (or the caller's); if it changed a row, {@code
   * toCache} brings the cache in step once that transaction commits. Returns whether it did.
   */
  private boolean write(
      String operation, String statement, Runnable toCache, @Nullable Object... params) {
    return db.transaction(
        operation,
        () -> {
          boolean changed = db.update(operation, statement, params) > 0;
          if (changed) {
            db.afterCommit(toCache);
          }
          return changed;
        });
  }

  private static PeerRecord map(ResultSet row) throws SQLException {
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
