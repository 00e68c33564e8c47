package dev.slmmesh.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.testkit.RecordingPush;
import dev.slmmesh.wire.Notification;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A hub's batch (a broadcast's hand-off, an event's fan-out) keeps the local links' batching. */
final class RoutedPushBatchTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void sendsToLocalPeersGoThroughOneLocalBatchInOrder() {
    RecordingPush local = new RecordingPush();
    WsPushHub remote = new WsPushHub(new ContractDeliveries());
    RoutedPush routed = new RoutedPush(local, remote);
    routed.connect("a", Path.of("/tmp/a.sock"), true);
    routed.connect("b", Path.of("/tmp/b.sock"), true);
    Notification one = Notification.event("state_changed", Map.of("key", "k1"), T);
    Notification two = Notification.event("state_changed", Map.of("key", "k2"), T);

    try (var batch = routed.batch()) {
      batch.send("a", one);
      batch.send("b", one);
      batch.send("a", two);
    }

    assertThat(local.batches).hasSize(1);
    assertThat(local.batches.get(0))
        .containsExactly(
            new RecordingPush.Sent("a", one),
            new RecordingPush.Sent("b", one),
            new RecordingPush.Sent("a", two));
    routed.close();
  }
}
