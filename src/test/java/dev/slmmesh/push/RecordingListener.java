package dev.slmmesh.push;

import dev.slmmesh.broker.DeliveryListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Records every delivery callback per peer, in order; can react to {@code linkUp}. */
final class RecordingListener implements DeliveryListener {

  private final Map<String, List<String>> linkUps = new ConcurrentHashMap<>();
  private final Map<String, List<String>> written = new ConcurrentHashMap<>();
  private final Map<String, List<String>> acknowledged = new ConcurrentHashMap<>();
  private final List<String> callbackThreads = new CopyOnWriteArrayList<>();
  private final List<String> drained = new CopyOnWriteArrayList<>();
  private volatile Consumer<String> onLinkUp = peerId -> {};

  void onLinkUp(Consumer<String> action) {
    this.onLinkUp = action;
  }

  int linkUps(String peerId) {
    return list(linkUps, peerId).size();
  }

  List<String> written(String peerId) {
    return List.copyOf(list(written, peerId));
  }

  List<String> acknowledged(String peerId) {
    return List.copyOf(list(acknowledged, peerId));
  }

  List<String> callbackThreads() {
    return List.copyOf(callbackThreads);
  }

  @Override
  public void linkUp(String peerId) {
    callbackThreads.add(Thread.currentThread().getName());
    list(linkUps, peerId).add(peerId);
    onLinkUp.accept(peerId);
  }

  /** Peers whose link drained after drops, once per report. */
  List<String> drained() {
    return List.copyOf(drained);
  }

  @Override
  public void drained(String peerId) {
    callbackThreads.add(Thread.currentThread().getName());
    drained.add(peerId);
  }

  @Override
  public void written(String peerId, List<String> messageIds) {
    callbackThreads.add(Thread.currentThread().getName());
    list(written, peerId).addAll(messageIds);
  }

  @Override
  public void acknowledged(String peerId, List<String> messageIds) {
    callbackThreads.add(Thread.currentThread().getName());
    list(acknowledged, peerId).addAll(messageIds);
  }

  private static List<String> list(Map<String, List<String>> map, String peerId) {
    return map.computeIfAbsent(peerId, id -> new CopyOnWriteArrayList<>());
  }
}
