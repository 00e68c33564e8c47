package dev.slmmesh.push;

import dev.slmmesh.base.Threads;
import dev.slmmesh.broker.PushNotifier;
import dev.slmmesh.store.StoreChannel;
import dev.slmmesh.testkit.FakePeer;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push contract across brokers that share a store ({@link ClusterPush}): the broker hands a
 * message to broker A, whose peers are all attached to broker B. As on PostgreSQL, the store
 * announces each stored message to the other brokers ({@code m <peer>}) and B pushes the peer's
 * pending messages over its own Unix socket links. The store's channel is an in-memory pair of
 * channels, one thread each, in order.
 */
class ClusterPushContractTest extends PushContract {

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  @Override
  protected Rig rig(ContractDeliveries deliveries) {
    MemoryChannel toB = new MemoryChannel("cluster-test-a-to-b");
    MemoryChannel toA = new MemoryChannel("cluster-test-b-to-a");
    ContractDeliveries onB = deliveries.twin();
    ClusterPush a =
        new ClusterPush(new PushHub(deliveries, UnixSocketPushTest.FAST), new Pair(toB, toA));
    PushHub bLocal = new PushHub(onB, UnixSocketPushTest.FAST);
    ClusterPush b = new ClusterPush(bLocal, new Pair(toA, toB));
    deliveries.target(a);
    onB.target(b);
    // what a shared store does after it committed a message: announce it to the other brokers
    deliveries.onStored(peerId -> toB.publish(StoreChannel.MESSAGES + " " + peerId));
    a.start(deliveries::flush, deliveries::flushAll, (type, n) -> {});
    b.start(onB::flush, onB::flushAll, (type, n) -> {});
    UnixSocketPushTest.SocketRig onSockets = new UnixSocketPushTest.SocketRig(bLocal, a, dir);
    onSockets.alsoClose(b).alsoClose(toA).alsoClose(toB);
    return new Rig() {
      @Override
      public PushNotifier notifier() {
        return a;
      }

      @Override
      public Peer attach(String peerId) throws Exception {
        return onSockets.attach(peerId);
      }

      @Override
      public void shutDown() {
        a.close();
        b.close();
      }

      @Override
      public void close() throws Exception {
        onSockets.close();
      }
    };
  }

  /** One direction of the store's channel: notes published here reach the listener, in order. */
  private static final class MemoryChannel implements AutoCloseable {
    private final ExecutorService thread;
    private volatile Consumer<String> listener = note -> {};

    MemoryChannel(String name) {
      thread = Executors.newSingleThreadExecutor(Threads.named(name));
    }

    void publish(String note) {
      if (!thread.isShutdown()) {
        thread.execute(() -> listener.accept(note));
      }
    }

    @Override
    public void close() throws InterruptedException {
      thread.shutdownNow();
      thread.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** A broker's end: it publishes on {@code out} and listens on {@code in}. */
  private record Pair(MemoryChannel out, MemoryChannel in) implements StoreChannel {
    @Override
    public void publish(String note) {
      out.publish(note);
    }

    @Override
    public void listen(Consumer<String> listener, Runnable resumed) {
      in.listener = listener;
    }

    @Override
    public void close() {}
  }
}
