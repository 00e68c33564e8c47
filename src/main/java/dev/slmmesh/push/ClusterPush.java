package dev.slmmesh.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.base.Threads;
import dev.slmmesh.broker.PushNotifier;
import dev.slmmesh.store.StoreChannel;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.Notification;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push of a broker that shares its store with other brokers (docs/team.md): a peer attached to this
 * broker is reached over its own links; a notice for a peer attached elsewhere, and every
 * broadcast, also goes out as a note on the store's channel, and the brokers that serve those peers
 * push it to them. Messages travel as ids only: the store announces {@code m <peerId>} for each
 * stored message, and the recipient's broker flushes that peer's pending messages from the store
 * ({@link #onNote}). A note can be lost (the broker that stored a message died before sending it,
 * or a listening connection was re-opened), so every {@link #CATCH_UP} and after a re-opened
 * connection each attached peer's pending messages are read from the store as well.
 *
 * <p>Notes: {@code m <peerId>}, {@code n <peerId> <notification>}, {@code b <notification>}, {@code
 * e <eventType> <notification>} (for the receiving broker's own subscribers), the notification as
 * {@code {"type":..,"payload":..,"ms":epoch millis}}.
 */
public final class ClusterPush implements PushNotifier {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterPush.class);

  /** How often every attached peer's pending messages are read from the store. */
  static final Duration CATCH_UP = Duration.ofSeconds(5);

  private final PushNotifier local;
  private final StoreChannel channel;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Threads.named("cluster-catch-up"));
  private volatile Consumer<String> flush = peerId -> {};
  private volatile BiConsumer<String, Notification> events = (type, n) -> {};

  public ClusterPush(PushNotifier local, StoreChannel channel) {
    this.local = local;
    this.channel = channel;
  }

  /**
   * Starts listening; {@code flushPeer} pushes one peer's pending messages, {@code flushAll} those
   * of every attached peer (Deliveries' flush and flushAll), {@code fanOut} pushes an event to this
   * broker's subscribers (EventBus::fanOut).
   */
  public void start(
      Consumer<String> flushPeer, Runnable flushAll, BiConsumer<String, Notification> fanOut) {
    this.flush = flushPeer;
    this.events = fanOut;
    channel.listen(this::onNote, flushAll);
    long period = CATCH_UP.toMillis();
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            flushAll.run();
          } catch (RuntimeException e) {
            LOG.warn("Catching up with other brokers' messages failed: {}", e.toString());
          }
        },
        period,
        period,
        TimeUnit.MILLISECONDS);
  }

  /** A note of another broker. */
  void onNote(String note) {
    String[] parts = note.split(" ", 3);
    switch (parts[0]) {
      case StoreChannel.MESSAGES:
        if (parts.length >= 2 && local.isConnected(parts[1])) {
          flush.accept(parts[1]);
        }
        break;
      case "n":
        if (parts.length == 3 && local.isConnected(parts[1])) {
          local.send(parts[1], parse(parts[2]));
        }
        break;
      case "e":
        if (parts.length == 3) {
          events.accept(parts[1], parse(parts[2]));
        }
        break;
      case "b":
        if (parts.length >= 2) {
          local.broadcast(parse(note.substring(2)));
        }
        break;
      default:
        LOG.debug("Unknown note from another broker: {}", note);
    }
  }

  @Override
  public void connect(String peerId, Path socket, boolean acknowledges) {
    local.connect(peerId, socket, acknowledges);
  }

  @Override
  public void disconnect(String peerId) {
    local.disconnect(peerId);
  }

  @Override
  public void send(String peerId, Notification notification) {
    if (local.isConnected(peerId)) {
      local.send(peerId, notification);
    } else if (!Notification.MESSAGE.equals(notification.type())) { // messages: the store announces
      channel.publish("n " + peerId + " " + write(notification));
    }
  }

  /**
   * A batch whose sends to peers attached here share the local batch (one encoding, one wake-up);
   * the others go out as notes one by one, as {@link #send} sends them.
   */
  @Override
  public SendBatch batch() {
    SendBatch here = local.batch();
    return new SendBatch() {
      @Override
      public void send(String peerId, Notification notification) {
        if (local.isConnected(peerId)) {
          here.send(peerId, notification);
        } else {
          ClusterPush.this.send(peerId, notification);
        }
      }

      @Override
      public void close() {
        here.close();
      }
    };
  }

  @Override
  public void broadcast(Notification notification) {
    local.broadcast(notification);
    channel.publish("b " + write(notification));
  }

  @Override
  public void shareEvent(String type, Notification notification) {
    channel.publish("e " + type + " " + write(notification));
  }

  @Override
  public boolean isConnected(String peerId) {
    return local.isConnected(peerId);
  }

  @Override
  public long connectionId(String peerId) {
    return local.connectionId(peerId);
  }

  @Override
  public long dropped(String peerId) {
    return local.dropped(peerId);
  }

  @Override
  public void nudge(String peerId) {
    local.nudge(peerId);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    local.close();
  }

  static String write(Notification n) {
    Map<String, Object> note = new LinkedHashMap<>();
    note.put("type", n.type());
    note.put("payload", n.payload());
    note.put("ms", n.timestamp().toEpochMilli());
    return Json.write(note);
  }

  @SuppressWarnings("unchecked")
  static Notification parse(String json) {
    try {
      JsonNode node = Json.MAPPER.readTree(json);
      Map<String, @Nullable Object> payload =
          Json.MAPPER.convertValue(node.get("payload"), Map.class);
      return new Notification(
          node.get("type").asText(), payload, Instant.ofEpochMilli(node.get("ms").asLong()));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("bad note from another broker: " + e.getMessage(), e);
    }
  }
}
