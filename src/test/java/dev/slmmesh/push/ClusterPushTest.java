package dev.slmmesh.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.store.StoreChannel;
import dev.slmmesh.testkit.RecordingPush;
import dev.slmmesh.wire.Message;
import dev.slmmesh.wire.Notification;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** How a broker sharing its store routes notices through the store's channel, and back. */
final class ClusterPushTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private final RecordingPush local = new RecordingPush();
  private final List<String> published = new ArrayList<>();
  private final StoreChannel channel =
      new StoreChannel() {
        @Override
        public void publish(String note) {
          published.add(note);
        }

        @Override
        public void listen(Consumer<String> listener, Runnable resumed) {}

        @Override
        public void close() {}
      };
  private final ClusterPush push = new ClusterPush(local, channel);
  private final List<String> flushed = new ArrayList<>();
  private final List<String> events = new ArrayList<>();

  ClusterPushTest() {
    local.connect("here", Path.of("/tmp/here.sock"), true);
    push.start(
        flushed::add, () -> flushed.add("*"), (type, n) -> events.add(type + " " + n.payload()));
  }

  @Test
  void aNoticeForAPeerAttachedHereStaysHereAndOneForElsewhereGoesOutAsANote() {
    Notification locked = Notification.event("file_locked", Map.of("filePath", "/a"), T);
    push.send("here", locked);
    push.send("elsewhere", locked);

    assertThat(local.sent).extracting(RecordingPush.Sent::peerId).containsExactly("here");
    assertThat(published).hasSize(1);
    assertThat(published.get(0)).startsWith("n elsewhere {\"type\":\"event\"");
  }

  @Test
  void messagesNeverTravelAsNotesTheStoreAnnouncesThemById() {
    Message m = new Message("m1", "a", "elsewhere", "text", "secret body", T, null, false);
    push.send("elsewhere", Notification.message(m, "a"));

    assertThat(published).isEmpty();
    push.onNote("m here");
    push.onNote("m elsewhere"); // not attached here: nothing to flush
    assertThat(flushed).containsExactly("here");
  }

  @Test
  void notesFromOtherBrokersReachTheLocalLinksAndSubscribers() {
    Notification left = Notification.peerLeft("p9", T);
    push.broadcast(left);
    assertThat(published).containsExactly("b " + ClusterPush.write(left));

    push.onNote("b " + ClusterPush.write(left));
    push.onNote("n here " + ClusterPush.write(Notification.event("custom", Map.of("k", 1), T)));
    push.onNote(
        "n elsewhere " + ClusterPush.write(Notification.event("custom", Map.of("k", 2), T)));
    push.shareEvent("state_changed", Notification.event("state_changed", Map.of("key", "k"), T));
    push.onNote(published.get(published.size() - 1));

    assertThat(local.broadcasts).containsExactly(left, left);
    assertThat(local.sent).hasSize(1);
    assertThat(local.sent.get(0).notification())
        .isEqualTo(Notification.event("custom", Map.of("k", 1), T));
    assertThat(events).containsExactly("state_changed {eventType=state_changed, key=k}");
  }

  @Test
  void aBatchSharesTheLocalBatchForPeersHereAndSendsNotesForTheOthers() {
    Notification locked = Notification.event("file_locked", Map.of("filePath", "/a"), T);
    try (var batch = push.batch()) {
      batch.send("here", locked);
      batch.send("elsewhere", locked);
      batch.send("here", locked);
    }

    assertThat(local.batches).hasSize(1);
    assertThat(local.batches.get(0))
        .extracting(RecordingPush.Sent::peerId)
        .containsExactly("here", "here");
    assertThat(published).containsExactly("n elsewhere " + ClusterPush.write(locked));
  }
}
