package dev.slmmesh.testkit;

import dev.slmmesh.broker.PushNotifier;
import dev.slmmesh.wire.Notification;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A PushNotifier that records what the broker asks of it; links are "up" once connected. */
public final class RecordingPush implements PushNotifier {
  public record Sent(String peerId, Notification notification) {}

  public final List<Sent> sent = new CopyOnWriteArrayList<>();
  public final List<Notification> broadcasts = new CopyOnWriteArrayList<>();
  public final Map<String, Path> links = new ConcurrentHashMap<>();
  public final Set<String> disconnected = ConcurrentHashMap.newKeySet();
  public final Set<String> down = ConcurrentHashMap.newKeySet();
  public volatile boolean closed;

  /** Every peer's current connection number; bump it to simulate a replaced connection. */
  public final Map<String, Long> connections = new ConcurrentHashMap<>();

  /**
   * Every peer's count of dropped notifications (0 unless set); bump it to simulate a full queue.
   */
  public final Map<String, Long> drops = new ConcurrentHashMap<>();

  @Override
  public void connect(String peerId, Path socket, boolean acknowledges) {
    links.put(peerId, socket);
    disconnected.remove(peerId);
  }

  @Override
  public void disconnect(String peerId) {
    links.remove(peerId);
    disconnected.add(peerId);
  }

  /** Peers whose queue is full: what is sent to them is dropped and counted in {@link #drops}. */
  public final Set<String> dropping = ConcurrentHashMap.newKeySet();

  @Override
  public void send(String peerId, Notification notification) {
    if (dropping.contains(peerId)) {
      drops.merge(peerId, 1L, Long::sum);
      return;
    }
    sent.add(new Sent(peerId, notification));
  }

  /** The sends of each closed {@link #batch}, one list per batch, in order. */
  public final List<List<Sent>> batches = new CopyOnWriteArrayList<>();

  /** Sends as {@link #send} and also records which sends came in one batch. */
  @Override
  public SendBatch batch() {
    List<Sent> mine = new ArrayList<>();
    return new SendBatch() {
      @Override
      public void send(String peerId, Notification notification) {
        mine.add(new Sent(peerId, notification));
        RecordingPush.this.send(peerId, notification);
      }

      @Override
      public void close() {
        batches.add(List.copyOf(mine));
      }
    };
  }

  @Override
  public void broadcast(Notification notification) {
    broadcasts.add(notification);
  }

  @Override
  public boolean isConnected(String peerId) {
    return links.containsKey(peerId) && !down.contains(peerId);
  }

  @Override
  public long connectionId(String peerId) {
    return connections.getOrDefault(peerId, 1L);
  }

  @Override
  public long dropped(String peerId) {
    return drops.getOrDefault(peerId, 0L);
  }

  @Override
  public void nudge(String peerId) {}

  @Override
  public void close() {
    closed = true;
  }

  /** Notifications of one type sent to one peer, in order. */
  public List<Notification> to(String peerId, String type) {
    List<Notification> out = new ArrayList<>();
    for (Sent s : sent) {
      if (s.peerId().equals(peerId) && s.notification().type().equals(type)) {
        out.add(s.notification());
      }
    }
    return out;
  }
}
