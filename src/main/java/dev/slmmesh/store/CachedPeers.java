package dev.slmmesh.store;

import java.util.List;
import java.util.Optional;

/** The reading half of {@link PeerCache}: what {@link PeerTable} may do with it. */
interface CachedPeers {
  Optional<PeerRecord> find(String id);

  /** Active peers matching the query, in registration order (as the SQL filter would). */
  List<PeerRecord> listActive(PeerQuery q);

  Optional<String> credential(String peerId);

  /** {@code row} as read from the database, with a heartbeat time not yet written. */
  PeerRecord withLatestHeartbeat(PeerRecord row);
}
