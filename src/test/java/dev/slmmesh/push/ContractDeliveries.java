package dev.slmmesh.push;

import dev.slmmesh.broker.DeliveryListener;
import dev.slmmesh.broker.PushNotifier;
import dev.slmmesh.wire.Notification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The broker's side of the push seam in miniature, for {@link PushContract}: what {@code
 * broker.Deliveries} does with a transport, without a store. A delivered message stays pending
 * until the peer acknowledges it; every new connection ({@code linkUp}) re-offers the peer's
 * pending messages, oldest first. Brokers that share a store share one pending book ({@link
 * #twin}).
 */
final class ContractDeliveries implements DeliveryListener {
  private final Map<String, Map<String, Notification>> pending;
  private final Map<String, List<String>> acknowledged;
  private final Map<String, List<String>> linkUps;
  private volatile @Nullable PushNotifier target;
  private volatile Consumer<String> stored = peerId -> {};

  ContractDeliveries() {
    this(new LinkedHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
  }

  private ContractDeliveries(
      Map<String, Map<String, Notification>> pending,
      Map<String, List<String>> acknowledged,
      Map<String, List<String>> linkUps) {
    this.pending = pending;
    this.acknowledged = acknowledged;
    this.linkUps = linkUps;
  }

  /** Another broker's deliveries on the same (shared) pending book; reports are shared too. */
  ContractDeliveries twin() {
    return new ContractDeliveries(pending, acknowledged, linkUps);
  }

  /** The transport this broker hands notifications to. */
  void target(PushNotifier notifier) {
    this.target = notifier;
  }

  /** Told after each message is stored (a shared store announces it to the other brokers). */
  void onStored(Consumer<String> announce) {
    this.stored = announce;
  }

  /** Stores the message as pending, then hands it to the transport (as {@code /send} does). */
  void deliver(String peerId, Notification message) {
    synchronized (pending) {
      pending.computeIfAbsent(peerId, p -> new LinkedHashMap<>()).put(id(message), message);
    }
    transport().send(peerId, message);
    stored.accept(peerId);
  }

  /** Hands the peer's pending messages to the transport again, oldest first. */
  void flush(String peerId) {
    List<Notification> again;
    synchronized (pending) {
      again = new ArrayList<>(pending.getOrDefault(peerId, Map.of()).values());
    }
    for (Notification n : again) {
      transport().send(peerId, n);
    }
  }

  void flushAll() {
    List<String> peers;
    synchronized (pending) {
      peers = new ArrayList<>(pending.keySet());
    }
    peers.stream().filter(transport()::isConnected).forEach(this::flush);
  }

  List<String> pending(String peerId) {
    synchronized (pending) {
      return List.copyOf(pending.getOrDefault(peerId, Map.of()).keySet());
    }
  }

  List<String> acknowledged(String peerId) {
    return List.copyOf(acknowledged.getOrDefault(peerId, List.of()));
  }

  int linkUps(String peerId) {
    return linkUps.getOrDefault(peerId, List.of()).size();
  }

  @Override
  public void linkUp(String peerId) {
    linkUps.computeIfAbsent(peerId, p -> new CopyOnWriteArrayList<>()).add(peerId);
    flush(peerId);
  }

  @Override
  public void written(String peerId, List<String> messageIds) {}

  @Override
  public void acknowledged(String peerId, List<String> messageIds) {
    synchronized (pending) {
      Map<String, Notification> of = pending.getOrDefault(peerId, Map.of());
      messageIds.forEach(of::remove);
    }
    acknowledged.computeIfAbsent(peerId, p -> new CopyOnWriteArrayList<>()).addAll(messageIds);
  }

  private PushNotifier transport() {
    return Objects.requireNonNull(target, "no transport yet");
  }

  static String id(Notification n) {
    return String.valueOf(n.payload().get("messageId"));
  }
}
