package dev.slmmesh.push;

import dev.slmmesh.base.Threads;
import dev.slmmesh.broker.DeliveryListener;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.Notification;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push to remote peers over the hub's WebSocket: the same contract as the Unix-socket hub (in order
 * per peer, a message id at most once per connection, link-up replays, acknowledgements reported to
 * the {@link DeliveryListener}), for peers that said {@code hello} on a connection. Listener
 * callbacks run on one named thread with a bounded queue; a rejected callback only delays delivery
 * (the message stays pending and is pushed again). Thread-safe.
 */
public final class WsPushHub implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WsPushHub.class);
  private static final int CALLBACK_QUEUE = 10_000;

  private final DeliveryListener listener;
  private final Map<String, WsLink> links = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor callbacks;
  private final AtomicBoolean closed = new AtomicBoolean();

  public WsPushHub(DeliveryListener listener) {
    this.listener = listener;
    this.callbacks =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(CALLBACK_QUEUE),
            Threads.named("ws-push-callbacks"));
  }

  /**
   * A peer proved itself (its {@code hello} named it with its credential) on {@code socket}: the
   * hub answers {@code ready} on it, the new link replaces any older one of the peer, and the
   * peer's backlog is replayed.
   */
  public WsLink attach(String peerId, PushSocket socket) {
    WsLink link = new WsLink(peerId, socket, this);
    Map<String, Object> ready = new LinkedHashMap<>();
    ready.put("type", "ready");
    ready.put("peerId", peerId);
    link.enqueue(encode(ready), null);
    attach(link);
    return link;
  }

  private void attach(WsLink link) {
    if (closed.get()) {
      link.close(PushSocket.SHUTDOWN, "hub shutting down");
      return;
    }
    WsLink old = links.put(link.peerId(), link);
    if (old != null && old != link) {
      old.close(PushSocket.NORMAL, "replaced by a newer connection");
    }
    LOG.debug("[ws] Peer {} attached", link.peerId());
    callback(() -> listener.linkUp(link.peerId()));
  }

  /** The link's connection closed ({@code status}, a {@link PushSocket} close code). */
  public void detach(WsLink link, int status) {
    links.remove(link.peerId(), link);
    link.close(status, "closed");
  }

  void written(String peerId, List<String> messageIds) {
    callback(() -> listener.written(peerId, messageIds));
  }

  /** The peer acknowledged these messages on {@code link}. */
  public void acknowledged(WsLink link, List<String> messageIds) {
    String peerId = link.peerId();
    callback(() -> listener.acknowledged(peerId, messageIds));
  }

  public void send(String peerId, Notification notification) {
    WsLink link = links.get(peerId);
    if (link == null || closed.get()) {
      LOG.debug("[ws] No live link to peer {}: {} dropped", peerId, notification.type());
      return;
    }
    link.enqueue(encode(notification), notification.messageId());
  }

  public void broadcast(Notification notification) {
    if (closed.get() || links.isEmpty()) {
      return;
    }
    String text = encode(notification);
    for (WsLink link : links.values()) {
      link.enqueue(text, notification.messageId());
    }
  }

  public boolean isConnected(String peerId) {
    WsLink link = links.get(peerId);
    return link != null && link.isOpen();
  }

  public void disconnect(String peerId) {
    WsLink link = links.remove(peerId);
    if (link != null) {
      link.close(PushSocket.NORMAL, "peer left the mesh");
    }
  }

  /** Sends {@code shutdown} to every remote peer and closes their connections. Idempotent. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    String shutdown = encode(Notification.shutdown(Instant.now()));
    for (WsLink link : links.values()) {
      link.enqueue(shutdown, null);
      link.close(PushSocket.SHUTDOWN, "hub shutting down");
    }
    links.clear();
    callbacks.shutdown();
    try {
      if (!callbacks.awaitTermination(500, TimeUnit.MILLISECONDS)) {
        LOG.warn("[ws] Push callbacks did not finish within 500 ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void callback(Runnable task) {
    try {
      callbacks.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              LOG.error("[ws] Delivery callback failed", e);
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.debug("[ws] Callback dropped (closing or queue full); the message stays pending");
    }
  }

  static String encode(Object value) {
    return Json.write(value);
  }
}
