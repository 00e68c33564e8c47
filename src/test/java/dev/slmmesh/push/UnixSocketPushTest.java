package dev.slmmesh.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.base.Backoff;
import dev.slmmesh.broker.PushNotifier;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The push contract on the Unix-socket transport ({@link PushHub}) with real sockets. */
class UnixSocketPushTest extends PushContract {
  static final PushOptions FAST =
      PushOptions.DEFAULT.withBackoff(
          new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ZERO, 10));

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  @Override
  protected Rig rig(ContractDeliveries deliveries) {
    PushHub hub = new PushHub(deliveries, FAST);
    deliveries.target(hub);
    return new SocketRig(hub, dir);
  }

  /** Sessions listening on Unix sockets in {@code dir}, reached by {@code hub}. */
  static final class SocketRig implements Rig {
    private final PushHub hub;
    private final PushNotifier notifier;
    private final Path dir;
    private final List<FakePeer> peers = new ArrayList<>();
    private final List<AutoCloseable> also = new ArrayList<>();

    SocketRig(PushHub hub, Path dir) {
      this(hub, hub, dir);
    }

    /** {@code hub} reaches the sockets; {@code notifier} is what the broker calls. */
    SocketRig(PushHub hub, PushNotifier notifier, Path dir) {
      this.hub = hub;
      this.notifier = notifier;
      this.dir = dir;
    }

    SocketRig alsoClose(AutoCloseable resource) {
      also.add(resource);
      return this;
    }

    @Override
    public PushNotifier notifier() {
      return notifier;
    }

    @Override
    public Peer attach(String peerId) throws IOException {
      FakePeer peer = FakePeer.listen(dir.resolve(peerId + ".sock"));
      peers.add(peer);
      hub.connect(peerId, peer.path(), true);
      return new SocketPeer(peer);
    }

    @Override
    public void close() throws Exception {
      notifier.close();
      hub.close();
      for (AutoCloseable resource : also) {
        resource.close();
      }
      for (FakePeer peer : peers) {
        peer.close();
      }
    }
  }

  private record SocketPeer(FakePeer peer) implements Peer {
    @Override
    public List<JsonNode> frames() {
      return peer.json();
    }

    @Override
    public void ack(List<String> messageIds) throws IOException {
      peer.writeLine("{\"type\":\"ack\",\"messageIds\":" + Json.write(messageIds) + "}");
    }

    @Override
    public void stall(boolean on) {
      peer.paused(on);
    }

    @Override
    public void reconnect() throws IOException {
      peer.dropConnections();
    }

    @Override
    public int openConnections() {
      return peer.openConnections();
    }
  }
}
