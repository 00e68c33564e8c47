package dev.slmmesh.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The peers table and the credential hashes of peers (kept across dead-timeout, so that a peer can
 * reclaim its id). In the SQL stores every write goes through {@link PeerWrites}, which keeps the
 * in-memory {@link PeerCache} that serves reads outside a transaction true.
 */
public interface PeerStore {
  void insert(PeerRecord peer);

  /** Replaces every field of an existing peer except its id and start time; false if absent. */
  boolean update(PeerRecord peer);

  Optional<PeerRecord> find(String id);

  /** Active peers matching the query, in registration order. */
  List<PeerRecord> listActive(PeerQuery query);

  /**
   * Heartbeat: sets last heartbeat to {@code now} and status to active; false if absent. Reads
   * through this interface see it at once; an implementation may write the time of an already
   * active peer behind, until the next {@link Store#flushDeferred} (a crash then loses at most that
   * much heartbeat history).
   */
  boolean touch(String id, Instant now);

  boolean updateSummary(String id, String summary);

  boolean updateDeliveryPath(String id, String deliveryPath);

  /** Active peers whose last heartbeat is before {@code cutoff} become stale; returns their ids. */
  List<String> markStale(Instant cutoff);

  /** Stale peers whose last heartbeat is before {@code cutoff}. */
  List<PeerRecord> findDead(Instant cutoff);

  /** Deletes the peer row only (locks and credential are separate); false if absent. */
  boolean delete(String id);

  Optional<String> credentialHash(String peerId);

  void saveCredential(String peerId, String hash);

  void deleteCredential(String peerId);
}
