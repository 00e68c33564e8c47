package dev.slmmesh.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.broker.PushNotifier;
import dev.slmmesh.wire.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The push contract on the WebSocket transport ({@link WsPushHub}), with sessions on in-memory
 * {@link PushSocket}s: the hub side of what {@code http.WsEndpoint} does with a Jetty session
 * (attach after {@code hello}, acks, detach on close). HubIT runs it over real WebSockets.
 */
class WebSocketPushTest extends PushContract {

  @Override
  protected Rig rig(ContractDeliveries deliveries) {
    // a hub's wiring: RoutedPush sends to a peer's WebSocket once it said hello
    PushHub local = new PushHub(deliveries, UnixSocketPushTest.FAST);
    WsPushHub remote = new WsPushHub(deliveries);
    RoutedPush routed = new RoutedPush(local, remote);
    deliveries.target(routed);
    return new WsRig(remote, routed);
  }

  private record WsRig(WsPushHub hub, PushNotifier notifier) implements Rig {
    @Override
    public Peer attach(String peerId) {
      return new WsPeer(peerId, hub);
    }

    @Override
    public void close() {
      notifier.close();
    }
  }

  /** A session's end of the WebSocket: frames recorded, sends completed at once unless stalled. */
  static final class FakeSocket implements PushSocket {
    private final List<String> received;
    private final List<Runnable> held = new ArrayList<>();
    private boolean stalled;
    private boolean open = true;

    FakeSocket(List<String> received) {
      this.received = received;
    }

    @Override
    public void send(String text, Runnable written, Consumer<Throwable> failed) {
      synchronized (this) {
        if (!open) {
          failed.accept(new IllegalStateException("closed"));
          return;
        }
        if (stalled) {
          held.add(
              () -> {
                received.add(text);
                written.run();
              });
          return;
        }
      }
      received.add(text);
      written.run();
    }

    void stall(boolean on) {
      List<Runnable> release;
      synchronized (this) {
        stalled = on;
        release = on ? List.of() : List.copyOf(held);
        if (!on) {
          held.clear();
        }
      }
      release.forEach(Runnable::run);
    }

    @Override
    public synchronized void close(int status, String reason) {
      open = false;
      held.clear();
    }

    @Override
    public synchronized boolean isOpen() {
      return open;
    }
  }

  private static final class WsPeer implements Peer {
    private final String peerId;
    private final WsPushHub hub;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<FakeSocket> sockets = new CopyOnWriteArrayList<>();
    private volatile FakeSocket socket;
    private volatile WsLink link;

    WsPeer(String peerId, WsPushHub hub) {
      this.peerId = peerId;
      this.hub = hub;
      connect();
    }

    private void connect() {
      socket = new FakeSocket(received);
      sockets.add(socket);
      link = hub.attach(peerId, socket);
    }

    @Override
    public List<JsonNode> frames() {
      return received.stream().map(WebSocketPushTest::parse).toList();
    }

    @Override
    public void ack(List<String> messageIds) {
      hub.acknowledged(link, messageIds);
    }

    @Override
    public void stall(boolean on) {
      socket.stall(on);
    }

    @Override
    public void reconnect() {
      socket.close(PushSocket.NORMAL, "peer dropped");
      hub.detach(link, PushSocket.NORMAL);
      connect();
    }

    @Override
    public int openConnections() {
      return (int) sockets.stream().filter(FakeSocket::isOpen).count();
    }
  }

  private static JsonNode parse(String frame) {
    try {
      return Json.MAPPER.readTree(frame);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
