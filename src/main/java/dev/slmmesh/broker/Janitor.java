package dev.slmmesh.broker;

import dev.slmmesh.store.PeerRecord;
import dev.slmmesh.store.Store;
import dev.slmmesh.wire.Message;
import dev.slmmesh.wire.Notification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic sweep (as in the original), by instant: silent peers become stale, then are removed
 * with the same consequences as a clean exit (locks released, {@code peer_left} stored and pushed,
 * {@code peer_update} broadcast); old messages, old events and expired locks are pruned.
 */
public final class Janitor {
  public static final Duration MESSAGE_TTL = Duration.ofHours(24);
  public static final Duration EVENT_TTL = Duration.ofHours(48);

  /** How long the receipt of a message that expired unseen is kept (after its expiry). */
  public static final Duration EXPIRED_RECEIPT_TTL = Duration.ofHours(48);

  /** Event type of a message pruned unseen. */
  public static final String MESSAGE_EXPIRED = "message_expired";

  private static final Logger LOG = LoggerFactory.getLogger(Janitor.class);

  private final Store store;
  private final EventBus events;
  private final PushNotifier push;
  private final PeerRegistry peers;
  private final RateLimiter rates;
  private final Clock clock;
  private final Duration staleAfter;
  private final Duration deadAfter;

  public Janitor(
      Store store,
      EventBus events,
      PushNotifier push,
      PeerRegistry peers,
      RateLimiter rates,
      Clock clock,
      Duration staleAfter,
      Duration deadAfter) {
    this.store = store;
    this.events = events;
    this.push = push;
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
    int stale = store.peers().markStale(now.minus(staleAfter)).size();
    if (stale > 0) {
      LOG.debug("{} peer(s) went stale", stale);
    }
    for (PeerRecord dead : store.peers().findDead(now.minus(deadAfter))) {
      LOG.info("Peer {} ({}) timed out; removing it", dead.peer().name(), dead.id());
      peers.remove(dead.id(), "dead_timeout");
    }
    expire(now);
    store.events().prune(now.minus(EVENT_TTL));
    store.locks().deleteExpired(now);
    rates.sweep();
  }

  /**
   * Prunes messages older than {@link #MESSAGE_TTL}. One that nobody saw leaves a receipt with
   * status {@code expired} for its sender ({@code /messages/status}) and a {@code message_expired}
   * event, stored, pushed to its sender and to subscribers.
   */
  private void expire(Instant now) {
    for (Message m : store.messages().expire(now.minus(MESSAGE_TTL), now)) {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("messageId", m.id());
      event.put("fromPeer", m.fromPeer());
      event.put("toPeer", m.toPeer());
      event.put("createdAt", m.createdAt().toString());
      events.emit(MESSAGE_EXPIRED, event, m.fromPeer());
      if (!events.subscribed(m.fromPeer(), MESSAGE_EXPIRED)) {
        push.send(m.fromPeer(), Notification.event(MESSAGE_EXPIRED, event, now));
      }
    }
    store.messages().forgetExpired(now.minus(EXPIRED_RECEIPT_TTL));
  }
}
