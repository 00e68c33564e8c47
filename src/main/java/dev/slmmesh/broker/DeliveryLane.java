package dev.slmmesh.broker;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A peer's delivery state; guarded by its own monitor. {@code epoch} counts the times the lane lost
 * track of what its link has been offered (link down, backlog over the batch limit).
 */
final class DeliveryLane {
  /** Ids a lane remembers offering to its connection (the oldest are forgotten past it). */
  static final int OFFERED = 4 * Deliveries.FLUSH_BATCH;

  boolean clean;
  int broadcasts;
  long epoch;
  long connection = PushNotifier.UNKNOWN_CONNECTION;

  /** The link's drop count when the last complete flush read the store. */
  long droppedSeen = -1;

  /** The last flush saw the link drop (on connection {@code drainingOn}): wait for drained. */
  boolean draining;

  long drainingOn;

  /**
   * Ids offered on connection {@code offeredOn} while the link's drop count was {@code
   * offeredDropped}.
   */
  final Set<String> offered = new LinkedHashSet<>();

  long offeredOn = PushNotifier.UNKNOWN_CONNECTION;
  long offeredDropped = -1;

  /**
   * Records an offer of {@code id}; false if it was offered on this connection already and the link
   * dropped nothing since. Always true where the push cannot name its connections or count its
   * drops: those links are replayed from the store and de-duplicate by themselves.
   */
  boolean firstOffer(String id, long connection, long dropped) {
    if (connection == PushNotifier.UNKNOWN_CONNECTION || dropped < 0) {
      return true;
    }
    if (connection != offeredOn || dropped != offeredDropped) {
      offered.clear();
      offeredOn = connection;
      offeredDropped = dropped;
    }
    if (!offered.add(id)) {
      return false;
    }
    if (offered.size() > OFFERED) {
      Iterator<String> oldest = offered.iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }

  /** Clean for the given current connection, and that connection is one the push can name. */
  boolean cleanOn(long current) {
    return clean && current != PushNotifier.UNKNOWN_CONNECTION && current == connection;
  }

  void lost() {
    clean = false;
    epoch++;
    offered.clear(); // what the link carries is unknown now: offer everything pending again
  }
}
