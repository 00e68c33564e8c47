package dev.slmmesh.broker;

import dev.slmmesh.store.Store;
import dev.slmmesh.wire.Message;
import dev.slmmesh.wire.Notification;
import dev.slmmesh.wire.WireText;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At-least-once, in-order message delivery over the push links. The store is the queue: a flush
 * hands every pending (neither delivered nor read) message of a peer to its link, oldest first, and
 * the link skips ids it already carries on the current connection. Each peer has a lane whose lock
 * serializes its flushes and its direct sends (commit and hand-off together), so a message can
 * never overtake an older one, whether it was sent just now or is replayed after a reconnect or a
 * heartbeat.
 *
 * <p>Fast path: while a lane is <em>clean</em> (every committed message of the peer has been
 * offered to its current connection and no broadcast is between its commit and its hand-off), a
 * direct send hands just its own message to the link instead of querying the store again. A link
 * that is down, a new connection (so that unacknowledged messages of the old one are replayed
 * first), a flush that hit its batch limit and a broadcast in flight make the lane unclean; the
 * next flush, which queries the store, makes it clean again.
 */
public final class Deliveries implements DeliveryListener {
  static final int FLUSH_BATCH = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);

  private final Store store;
  private final PushNotifier push;
  private final Map<String, DeliveryLane> lanes = new ConcurrentHashMap<>();
  private final Map<String, Boolean> acknowledging = new ConcurrentHashMap<>();
  private final Map<String, String> names = new ConcurrentHashMap<>();
  private final Set<String> backlogged = ConcurrentHashMap.newKeySet();

  /** Per peer, at least its count of undelivered messages (see {@link #queueFull}). */
  private final Map<String, AtomicInteger> queuedAtMost = new ConcurrentHashMap<>();

  /** Per peer, the ids of stored messages held back until it is idle ({@code whenIdle}). */
  private final Map<String, Set<String>> held = new ConcurrentHashMap<>();

  public Deliveries(Store store, PushNotifier push) {
    this.store = store;
    this.push = push;
  }

  /** Remembers how a peer confirms delivery and what its name is (for push payloads). */
  void track(String peerId, String name, boolean acknowledges) {
    acknowledging.put(peerId, acknowledges);
    names.put(peerId, name);
  }

  void forget(String peerId) {
    acknowledging.remove(peerId);
    lanes.remove(peerId);
    backlogged.remove(peerId);
    queuedAtMost.remove(peerId);
  }

  /** Queues every pending message of the peer on its link, if the link is up. */
  public void flush(String peerId) {
    if (!push.isConnected(peerId)) {
      return;
    }
    DeliveryLane lane = lane(peerId);
    synchronized (lane) {
      flushLocked(peerId, lane);
    }
  }

  /**
   * A heartbeat's safety net: replays the peer's pending messages from the store unless its lane is
   * clean on the current connection and the link has dropped nothing since the lane's last flush.
   * Then every committed message was offered to this connection and queued, and a replay would find
   * only ids the link already carries (it skips them) or that are in flight.
   */
  public void refresh(String peerId) {
    if (!push.isConnected(peerId)) {
      return;
    }
    DeliveryLane lane = lane(peerId);
    synchronized (lane) {
      long dropped = push.dropped(peerId);
      if (dropped < 0 || dropped != lane.droppedSeen || !lane.cleanOn(push.connectionId(peerId))) {
        flushLocked(peerId, lane);
      }
    }
  }

  /**
   * Commits a direct message (by running {@code commit}, which must store {@code message}) and
   * hands it to the recipient's link, both under the recipient's lane lock so that the order of
   * commits is the order of hand-offs. Returns what {@code commit} returned.
   */
  public <T> T commitDirect(Message message, Supplier<T> commit) {
    String peerId = message.toPeer();
    DeliveryLane lane = lane(peerId);
    synchronized (lane) {
      T result = commit.get();
      queued(peerId);
      if (!push.isConnected(peerId)) {
        lane.lost();
      } else if (fastPath(peerId, lane)) {
        offer(peerId, lane, message, push.connectionId(peerId), push.dropped(peerId));
      } else {
        flushUnlessDraining(peerId, lane);
      }
      return result;
    }
  }

  /**
   * Commits a direct message that waits for its recipient to be idle ({@code whenIdle}): stored
   * now, like any message, but offered to no link until {@link #release}. Later messages may
   * overtake it; held messages keep their order among themselves.
   */
  public <T> T commitHeld(Message message, Supplier<T> commit) {
    String peerId = message.toPeer();
    DeliveryLane lane = lane(peerId);
    synchronized (lane) {
      T result = commit.get();
      held.computeIfAbsent(peerId, id -> ConcurrentHashMap.newKeySet()).add(message.id());
      return result;
    }
  }

  /** How many messages are held for the peer. */
  public int heldFor(String peerId) {
    Set<String> ids = held.get(peerId);
    return ids == null ? 0 : ids.size();
  }

  /** The peer is idle: its held messages go to its link, oldest first. */
  public void release(String peerId) {
    if (held.remove(peerId) == null) {
      return;
    }
    DeliveryLane lane = lane(peerId);
    synchronized (lane) {
      flushLocked(peerId, lane);
    }
  }

  /**
   * Commits a broadcast (by running {@code commit}, which must store {@code messages}, one per
   * recipient) and hands each message to its recipient's link. The recipients' lanes are unclean
   * from before the commit until the hand-off, so that no direct send can overtake a broadcast
   * message on the fast path. A recipient whose lane was clean at the start and saw no loss since
   * gets its message directly; any other is flushed from the store.
   */
  public <T> T commitBroadcast(List<Message> messages, Supplier<T> commit) {
    long[] epochs = new long[messages.size()];
    boolean[] wasClean = new boolean[messages.size()];
    for (int i = 0; i < messages.size(); i++) {
      DeliveryLane lane = lane(messages.get(i).toPeer());
      synchronized (lane) {
        wasClean[i] = fastPath(messages.get(i).toPeer(), lane);
        epochs[i] = lane.epoch;
        lane.broadcasts++;
        lane.clean = false;
      }
    }
    boolean committed = false;
    try {
      T result = commit.get();
      committed = true;
      return result;
    } finally {
      handOff(messages, committed, wasClean, epochs);
    }
  }

  /**
   * The second half of {@link #commitBroadcast}, in one push batch: the recipients' lines share one
   * encoding and each push thread is woken once.
   */
  private void handOff(
      List<Message> messages, boolean committed, boolean[] wasClean, long[] epochs) {
    try (PushNotifier.SendBatch batch = push.batch()) {
      for (int i = 0; i < messages.size(); i++) {
        Message m = messages.get(i);
        DeliveryLane lane = lane(m.toPeer());
        if (committed) {
          queued(m.toPeer());
        }
        synchronized (lane) {
          lane.broadcasts--;
          // the same connection as at the start (cleanOn there excluded unknown ones)
          if (committed
              && wasClean[i]
              && lane.epoch == epochs[i]
              && push.isConnected(m.toPeer())
              && lane.connection == push.connectionId(m.toPeer())
              && lane.droppedSeen == push.dropped(m.toPeer())) {
            offer(m.toPeer(), lane, m, lane.connection, push.dropped(m.toPeer()), batch);
            lane.clean = lane.broadcasts == 0;
          } else {
            flushUnlessDraining(m.toPeer(), lane);
          }
        }
      }
    }
  }

  /**
   * True if {@code max} messages wait for the peer, neither delivered nor read. Never counts while
   * its messages flow; otherwise counts in the store only when its upper bound (the last count plus
   * the messages queued since) reaches {@code max}, so a peer far from the bound costs a sender
   * nothing.
   */
  public boolean queueFull(String peerId, int max) {
    if (flowing(peerId)) {
      return false;
    }
    AtomicInteger bound = queuedAtMost.computeIfAbsent(peerId, id -> new AtomicInteger(max));
    if (bound.get() < max) {
      return false;
    }
    int exact = store.messages().countUndelivered(peerId, max);
    bound.set(exact);
    return exact >= max;
  }

  private void queued(String peerId) {
    AtomicInteger bound = queuedAtMost.get(peerId);
    if (bound != null) {
      bound.incrementAndGet();
    }
  }

  /**
   * True if the peer's messages flow: its link is up, took every message offered and dropped
   * nothing. Then its queue in the store holds at most what is in flight, and a sender need not
   * count it.
   */
  public boolean flowing(String peerId) {
    if (!push.isConnected(peerId)) {
      return false;
    }
    DeliveryLane lane = lane(peerId);
    synchronized (lane) {
      return fastPath(peerId, lane);
    }
  }

  /**
   * True if a new message may go to the link by itself: the lane is clean on the current connection
   * and the link dropped nothing since the lane's last complete flush. After a drop the store is
   * read instead, so the dropped (older) messages go first.
   */
  private boolean fastPath(String peerId, DeliveryLane lane) {
    return lane.cleanOn(push.connectionId(peerId)) && push.dropped(peerId) == lane.droppedSeen;
  }

  /**
   * Like {@link #flushLocked}, except while the link drops everything until it has drained (a flush
   * on this connection saw drops): then a flush would only be dropped too, and {@link #drained}
   * flushes once the link takes notifications again.
   */
  private void flushUnlessDraining(String peerId, DeliveryLane lane) {
    if (lane.draining && lane.drainingOn == push.connectionId(peerId)) {
      lane.lost();
    } else {
      flushLocked(peerId, lane);
    }
  }

  private void flushLocked(String peerId, DeliveryLane lane) {
    if (!push.isConnected(peerId)) {
      lane.lost();
      return;
    }
    long connection = push.connectionId(peerId);
    long dropped = push.dropped(peerId); // read before the query: a later drop shows as a change
    List<Message> pending = store.messages().pendingFor(peerId, FLUSH_BATCH);
    Set<String> holding = held.getOrDefault(peerId, Set.of());
    for (Message m : pending) {
      if (!holding.contains(m.id())) {
        offer(peerId, lane, m, connection, dropped);
      }
    }
    lane.draining = dropped >= 0 && push.dropped(peerId) != dropped;
    lane.drainingOn = connection;
    boolean complete = pending.size() < FLUSH_BATCH;
    if (complete) {
      backlogged.remove(peerId);
      lane.clean = lane.broadcasts == 0;
      lane.connection = connection;
      lane.droppedSeen = dropped;
    } else {
      backlogged.add(peerId);
      lane.lost();
    }
  }

  /**
   * Hands {@code m} to the link unless this connection was offered it already (while the link has
   * dropped nothing since): the link forgets an id once it is acknowledged, and a flush that read
   * the store just before the delivery mark would otherwise send it again.
   */
  private void offer(String peerId, DeliveryLane lane, Message m, long connection, long dropped) {
    offer(peerId, lane, m, connection, dropped, push::send);
  }

  private void offer(
      String peerId,
      DeliveryLane lane,
      Message m,
      long connection,
      long dropped,
      PushNotifier.SendBatch out) {
    if (lane.firstOffer(m.id(), connection, dropped)) {
      out.send(peerId, notification(m));
    }
  }

  /** Flushes every peer whose link is up (after notes of other brokers may have been missed). */
  public void flushAll() {
    lanes.keySet().forEach(this::flush);
  }

  private Notification notification(Message m) {
    return Notification.message(m, senderName(m.fromPeer()));
  }

  /** Text before the id of a sender that is not a registered peer, where a model sees a name. */
  public static final String UNREGISTERED = "unregistered sender ";

  /**
   * A registered peer's name (a sender registered with another broker sharing the store is looked
   * up there once); {@code cli} for the person at the mesh (the CLI's sender id); else {@link
   * #UNREGISTERED} and the id (a script, anyone with the token).
   */
  String senderName(String fromPeer) {
    String name = knownName(fromPeer);
    if (name != null) {
      return name;
    }
    return WireText.CLI_PEER.equals(fromPeer) ? fromPeer : UNREGISTERED + fromPeer;
  }

  /** True if {@code fromPeer} is, or was while this broker ran, a registered peer. */
  public boolean registeredSender(String fromPeer) {
    return knownName(fromPeer) != null;
  }

  private @Nullable String knownName(String peerId) {
    String name = names.get(peerId);
    if (name == null && !WireText.CLI_PEER.equals(peerId)) {
      name = store.peers().find(peerId).map(p -> p.peer().name()).orElse(null);
      if (name != null) {
        names.put(peerId, name);
      }
    }
    return name;
  }

  private DeliveryLane lane(String peerId) {
    return lanes.computeIfAbsent(peerId, id -> new DeliveryLane());
  }

  @Override
  public void linkUp(String peerId) {
    LOG.debug("Push link to {} is up; replaying pending messages", peerId);
    flush(peerId);
  }

  /** The link drained after dropping notifications: re-queue the peer's pending messages now. */
  @Override
  public void drained(String peerId) {
    LOG.debug("Push link to {} drained after drops; re-queueing pending messages", peerId);
    if (!push.isConnected(peerId)) {
      return;
    }
    DeliveryLane lane = lane(peerId);
    synchronized (lane) {
      lane.lost();
      flushLocked(peerId, lane);
    }
  }

  @Override
  public void written(String peerId, List<String> messageIds) {
    confirmed(List.of(new Receipt(peerId, messageIds, false)));
  }

  @Override
  public void acknowledged(String peerId, List<String> messageIds) {
    confirmed(List.of(new Receipt(peerId, messageIds, true)));
  }

  /**
   * Marks the messages of a receipt delivered at once, unless its peer is backlogged: a refill
   * reads the store and pushes, which is {@link #confirmed}'s work on the callback thread.
   */
  @Override
  public boolean confirmAtOnce(Receipt r) {
    if (backlogged.contains(r.peerId())) {
      return false;
    }
    markIfDelivery(r);
    return true;
  }

  /**
   * Marks the confirmed messages of every receipt delivered. The store writes the marks with its
   * next commit (or within a second): under load they ride along with the sends' commits instead of
   * costing commits of their own, and reads of messages see them at once. Then refills the links of
   * backlogged peers.
   */
  @Override
  public void confirmed(List<Receipt> receipts) {
    Set<String> refill = new LinkedHashSet<>();
    for (Receipt r : receipts) {
      if (markIfDelivery(r) && backlogged.contains(r.peerId())) {
        refill.add(r.peerId());
      }
    }
    refill.forEach(this::flush);
  }

  /**
   * Marks the receipt's messages delivered if it is delivery for its peer (an acknowledgement, or a
   * write to a peer that does not acknowledge); returns whether it was.
   */
  private boolean markIfDelivery(Receipt r) {
    if (!r.acknowledged() && acknowledging.getOrDefault(r.peerId(), false)) {
      return false;
    }
    store.messages().markDeliveredLater(r.peerId(), r.messageIds());
    return true;
  }
}
