package dev.slmmesh.push;

import dev.slmmesh.broker.PushNotifier;
import dev.slmmesh.wire.Notification;
import java.nio.file.Path;

/**
 * A hub's push: each peer is reached over the transport it is attached to, the WebSocket of a
 * remote peer that said hello, else its local Unix socket. Broadcasts go out on both.
 */
public final class RoutedPush implements PushNotifier {
  private final PushNotifier local;
  private final WsPushHub remote;

  public RoutedPush(PushNotifier local, WsPushHub remote) {
    this.local = local;
    this.remote = remote;
  }

  @Override
  public void connect(String peerId, Path socket, boolean acknowledges) {
    local.connect(peerId, socket, acknowledges);
  }

  @Override
  public void disconnect(String peerId) {
    local.disconnect(peerId);
    remote.disconnect(peerId);
  }

  @Override
  public void send(String peerId, Notification notification) {
    route(peerId, notification, local::send);
  }

  /** To the peer's WebSocket if it said hello there, else through {@code locally}. */
  private void route(String peerId, Notification notification, SendBatch locally) {
    if (remote.isConnected(peerId)) {
      remote.send(peerId, notification);
    } else {
      locally.send(peerId, notification);
    }
  }

  /**
   * A batch whose sends to local peers share the local batch (one encoding, one wake-up); a remote
   * peer's go to its WebSocket as {@link #send} sends them.
   */
  @Override
  public SendBatch batch() {
    SendBatch locally = local.batch();
    return new SendBatch() {
      @Override
      public void send(String peerId, Notification notification) {
        route(peerId, notification, locally);
      }

      @Override
      public void close() {
        locally.close();
      }
    };
  }

  @Override
  public void broadcast(Notification notification) {
    local.broadcast(notification);
    remote.broadcast(notification);
  }

  @Override
  public boolean isConnected(String peerId) {
    return remote.isConnected(peerId) || local.isConnected(peerId);
  }

  @Override
  public long connectionId(String peerId) {
    // a WebSocket link does not number its connections: its peers are replayed from the store
    return remote.isConnected(peerId) ? UNKNOWN_CONNECTION : local.connectionId(peerId);
  }

  @Override
  public long dropped(String peerId) {
    return remote.isConnected(peerId) ? -1 : local.dropped(peerId);
  }

  @Override
  public dev.slmmesh.broker.PushCounters counters() {
    return local.counters();
  }

  @Override
  public void nudge(String peerId) {
    // a remote peer reconnects by itself; only a local socket can be retried from here
    local.nudge(peerId);
  }

  @Override
  public void close() {
    remote.close();
    local.close();
  }
}
