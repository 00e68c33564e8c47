package dev.slmmesh.push;

import dev.slmmesh.testkit.FakePeer;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push contract through a hub's {@link RoutedPush} to sessions on its own machine: a peer that
 * never said hello on the WebSocket is reached over its Unix socket.
 */
class RoutedUnixPushTest extends PushContract {

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  @Override
  protected Rig rig(ContractDeliveries deliveries) {
    PushHub local = new PushHub(deliveries, UnixSocketPushTest.FAST);
    RoutedPush routed = new RoutedPush(local, new WsPushHub(deliveries));
    deliveries.target(routed);
    return new UnixSocketPushTest.SocketRig(local, routed, dir);
  }
}
