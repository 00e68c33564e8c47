package dev.slmmesh.store;

import dev.slmmesh.wire.Peer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Every write of the peers and peer_credentials tables, and the one owner of the {@link PeerCache}
 * that serves their reads outside a transaction. Each write names the change the cache gets once
 * its transaction commits ({@link Database#afterCommit}: in commit order, dropped on rollback), so
 * no path can write a peer row and leave the cache stale; {@link PeerTable} is given only the
 * reading half of the database and the cache's reading half ({@link CachedPeers}). Heartbeats of
 * active peers change the cache first and reach the rows at {@link #flushHeartbeats}.
 */
final class PeerWrites {
  private final Database db;
  private final Sql sql;
  private final PeerCache cache = new PeerCache();

  /** Loads the committed rows into the cache. */
  PeerWrites(Database db, Sql sql) {
    this.db = db;
    this.sql = sql;
    db.query("loadPeers", sql.allPeers, PeerTable::map).forEach(cache::put);
    db.query(
            "loadCredentials",
            sql.allCredentials,
            row -> Map.entry(row.getString("peer_id"), row.getString("secret_hash")))
        .forEach(e -> cache.putCredential(e.getKey(), e.getValue()));
  }

  /** The cache, to read. */
  CachedPeers cached() {
    return cache;
  }

  /**
   * One statement in its own transaction (or the caller's); if it changed a row, {@code toCache}
   * brings the cache in step once that transaction commits. Returns whether it did.
   */
  boolean write(
      String operation, String statement, Consumer<PeerCache> toCache, @Nullable Object... params) {
    return db.transaction(
        operation,
        () -> {
          boolean changed = db.update(operation, statement, params) > 0;
          if (changed) {
            db.afterCommit(() -> toCache.accept(cache));
          }
          return changed;
        });
  }

  /** Records a heartbeat of an active peer in the cache only (written by the next flush). */
  boolean touchIfActive(String id, Instant now) {
    return cache.touchIfActive(id, now);
  }

  /** Active peers whose heartbeat is before {@code cutoff} become stale, rows and cache. */
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

  /**
   * Writes the heartbeats {@link #touchIfActive} kept in the cache, in one transaction; returns how
   * many. The cache has them already; after a failure they are written with the next flush.
   */
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
      cache.restoreHeartbeats(due);
      throw e;
    }
  }
}
