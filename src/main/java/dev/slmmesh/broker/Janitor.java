package dev.slmmesh.broker;

import dev.slmmesh.store.PeerRecord;
import dev.slmmesh.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic sweep (reference §5.5), by instant: silent peers become stale, then are removed
 * with the same consequences as a clean exit (locks released, {@code peer_left} stored and pushed,
 * {@code peer_update} broadcast); old messages, old events and expired locks are pruned.
 */
public final class Janitor {
  public static final Duration MESSAGE_TTL = Duration.ofHours(24);
  public static final Duration EVENT_TTL = Duration.ofHours(48);
  private static final Logger LOG = LoggerFactory.getLogger(Janitor.class);

  private final Store store;
  private final PeerRegistry peers;
  private final RateLimiter rates;
  private final Clock clock;
  private final Duration staleAfter;
  private final Duration deadAfter;

  public Janitor(
      Store store, PeerRegistry peers, RateLimiter rates, Clock clock, Duration staleAfter, Duration deadAfter) {
    this.store = store;
    this.peers = peers;
    this.rates = rates;
    this.clock = clock;
    this.staleAfter = staleAfter;
    this.deadAfter = deadAfter;
  }

  /** One sweep, unless another broker sharing the store is sweeping it now. */
  public void sweep() {
    if (!store.housekeeping(this::sweepNow)) {
      LOG.debug("Another broker on this store is sweeping; skipped");
    }
  }

  private void sweepNow() {
    Instant now = clock.instant();
    int stale = store.markStale(now.minus(staleAfter)).size();
    if (stale > 0) {
      LOG.debug("{} peer(s) went stale", stale);
    }
    for (PeerRecord dead : store.findDead(now.minus(deadAfter))) {
      LOG.info("Peer {} ({}) timed out; removing it", dead.peer().name(), dead.id());
      peers.remove(dead.id(), "dead_timeout");
    }
    store.pruneMessages(now.minus(MESSAGE_TTL));
    store.pruneEvents(now.minus(EVENT_TTL));
    store.deleteExpiredLocks(now);
    rates.sweep();
  }
}
