package dev.slmmesh.broker;

import dev.slmmesh.store.Store;
import dev.slmmesh.wire.Message;
import dev.slmmesh.wire.Notification;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At-least-once, in-order message delivery over the push links. The store is the queue: a flush
 * hands every pending (neither delivered nor read) message of a peer to its link, oldest first,
 * and the link skips ids it already carries on the current connection. Flushes of one peer are
 * serialized, so a message can never overtake an older one, whether it was sent just now or is
 * replayed after a reconnect or a heartbeat.
 */
public final class Deliveries implements DeliveryListener {
  static final int FLUSH_BATCH = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);

  private final Store store;
  private final PushNotifier push;
  private final Map<String, Object> monitors = new ConcurrentHashMap<>();
  private final Map<String, Boolean> acknowledging = new ConcurrentHashMap<>();
  private final Map<String, String> names = new ConcurrentHashMap<>();
  private final Set<String> backlogged = ConcurrentHashMap.newKeySet();

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
    monitors.remove(peerId);
    backlogged.remove(peerId);
  }

  /** Queues every pending message of the peer on its link, if the link is up. */
  public void flush(String peerId) {
    if (!push.isConnected(peerId)) {
      return;
    }
    synchronized (monitors.computeIfAbsent(peerId, id -> new Object())) {
      List<Message> pending = store.pendingFor(peerId, FLUSH_BATCH);
      for (Message m : pending) {
        push.send(peerId, Notification.message(m, names.getOrDefault(m.fromPeer(), m.fromPeer())));
      }
      if (pending.size() == FLUSH_BATCH) {
        backlogged.add(peerId);
      } else {
        backlogged.remove(peerId);
      }
    }
  }

  @Override
  public void linkUp(String peerId) {
    LOG.debug("Push link to {} is up; replaying pending messages", peerId);
    flush(peerId);
  }

  @Override
  public void written(String peerId, List<String> messageIds) {
    if (!acknowledging.getOrDefault(peerId, false)) {
      confirm(peerId, messageIds);
    }
  }

  @Override
  public void acknowledged(String peerId, List<String> messageIds) {
    confirm(peerId, messageIds);
  }

  private void confirm(String peerId, List<String> messageIds) {
    store.markDelivered(peerId, messageIds);
    if (backlogged.contains(peerId)) {
      flush(peerId);
    }
  }
}
