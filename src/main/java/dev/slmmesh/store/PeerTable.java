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
 */
final class PeerTable {
  private final Database db;
  private final Sql sql;

  PeerTable(Database db, Sql sql) {
    this.db = db;
    this.sql = sql;
  }

  void insert(PeerRecord record) {
    Peer p = record.peer();
    db.update(
        "insertPeer",
        sql.insertPeer,
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
    return db.update(
            "updatePeer",
            sql.updatePeer,
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
            p.id())
        > 0;
  }

  Optional<PeerRecord> find(String id) {
    return db.queryOne("findPeer", sql.findPeer, PeerTable::map, id);
  }

  List<PeerRecord> listActive(PeerQuery q) {
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
        q.excludeId());
  }

  boolean touch(String id, Instant now) {
    return db.update("touchPeer", sql.touchPeer, now, Peer.ACTIVE, id) > 0;
  }

  boolean updateSummary(String id, String summary) {
    return db.update("updateSummary", sql.updateSummary, summary, id) > 0;
  }

  boolean updateDeliveryPath(String id, String deliveryPath) {
    return db.update("updateDeliveryPath", sql.updateDeliveryPath, deliveryPath, id) > 0;
  }

  List<String> markStale(Instant cutoff) {
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
          }
          return ids;
        });
  }

  List<PeerRecord> findDead(Instant cutoff) {
    return db.query(
        "findDead", sql.peersByStatusBefore, PeerTable::map, Peer.STALE, Millis.ceil(cutoff));
  }

  boolean delete(String id) {
    return db.update("deletePeer", sql.deletePeer, id) > 0;
  }

  Optional<String> credentialHash(String peerId) {
    return db.queryOne(
        "credentialHash", sql.credentialHash, row -> row.getString("secret_hash"), peerId);
  }

  void saveCredential(String peerId, String hash) {
    db.update("saveCredential", sql.saveCredential, peerId, hash);
  }

  void deleteCredential(String peerId) {
    db.update("deleteCredential", sql.deleteCredential, peerId);
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
