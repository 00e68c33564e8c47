package dev.slmmesh.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slmmesh.broker.DeliveryListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The callback thread: order kept, receipts that queued up delivered together, bounded close. */
class DeliveryCallbacksTest {

  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch blocked = new CountDownLatch(1);
  private final DeliveryListener listener =
      new DeliveryListener() {
        @Override
        public void linkUp(String peerId) {
          calls.add("linkUp " + peerId);
          if (peerId.equals("slow")) {
            blocked.countDown();
            awaitLatch(release);
          }
        }

        @Override
        public void written(String peerId, List<String> messageIds) {
          calls.add("written " + peerId + " " + messageIds);
        }

        @Override
        public void acknowledged(String peerId, List<String> messageIds) {
          calls.add("acknowledged " + peerId + " " + messageIds);
        }

        @Override
        public void confirmed(List<Receipt> receipts) {
          calls.add("together " + receipts.size());
          DeliveryListener.super.confirmed(receipts);
        }
      };
  private final DeliveryCallbacks callbacks = new DeliveryCallbacks(listener, 100);

  @AfterEach
  void close() {
    release.countDown();
    callbacks.close(Duration.ofSeconds(2));
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void receiptsThatQueuedUpArriveTogetherInOrderAndLinkEventsKeepTheirPlace() throws Exception {
    callbacks.linkUp("slow");
    assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
    callbacks.acknowledged("a", List.of("m1"));
    callbacks.written("b", List.of("m2", "m3"));
    callbacks.linkUp("c");
    callbacks.acknowledged("a", List.of("m4"));
    release.countDown();

    await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 7);
    assertThat(calls)
        .containsExactly(
            "linkUp slow",
            "together 2",
            "acknowledged a [m1]",
            "written b [m2, m3]",
            "linkUp c",
            "together 1",
            "acknowledged a [m4]");
  }

  @Test
  void aReceiptWithNothingQueuedBeforeItIsConfirmedOnTheCallingThreadIfTheListenerTakesIt() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    CountDownLatch slowRunning = new CountDownLatch(1);
    CountDownLatch slowRelease = new CountDownLatch(1);
    DeliveryListener quick =
        new DeliveryListener() {
          @Override
          public void linkUp(String peerId) {
            seen.add("linkUp " + peerId);
            if (peerId.equals("slow")) {
              slowRunning.countDown();
              awaitLatch(slowRelease);
            }
          }

          @Override
          public void written(String peerId, List<String> messageIds) {
            seen.add("written " + peerId + " on " + Thread.currentThread().getName());
          }

          @Override
          public void acknowledged(String peerId, List<String> messageIds) {
            seen.add("acknowledged " + peerId + " on " + Thread.currentThread().getName());
          }

          @Override
          public boolean confirmAtOnce(Receipt r) {
            if (r.peerId().equals("busy")) {
              return false; // needs the store: the callback thread's work
            }
            seen.add("at once " + r.peerId() + " on " + Thread.currentThread().getName());
            return true;
          }
        };
    DeliveryCallbacks own = new DeliveryCallbacks(quick, 100);
    String me = Thread.currentThread().getName();
    try {
      own.acknowledged("a", List.of("m1"));
      own.written("b", List.of("m2"));
      own.acknowledged("busy", List.of("m3"));
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 3);
      assertThat(seen).startsWith("at once a on " + me, "at once b on " + me);
      assertThat(seen.get(2)).startsWith("acknowledged busy on push-callback-");

      // with a link event queued, a receipt waits behind it: order is kept
      seen.clear();
      own.linkUp("slow");
      assertThat(slowRunning.await(5, TimeUnit.SECONDS)).isTrue();
      own.linkUp("c");
      own.acknowledged("a", List.of("m4"));
      slowRelease.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 3);
      assertThat(seen.get(0)).isEqualTo("linkUp slow");
      assertThat(seen.get(1)).isEqualTo("linkUp c");
      assertThat(seen.get(2)).startsWith("acknowledged a on push-callback-");
    } finally {
      slowRelease.countDown();
      own.close(Duration.ofSeconds(2));
    }
  }

  @Test
  void closeRunsWhatIsQueuedThenStopsTheThreadAndLaterCallbacksAreIgnored() {
    callbacks.acknowledged("a", List.of("m1"));
    callbacks.close(Duration.ofSeconds(2));
    assertThat(callbacks.isTerminated()).isTrue();
    assertThat(calls).containsExactly("together 1", "acknowledged a [m1]");

    callbacks.acknowledged("a", List.of("m2"));
    assertThat(calls).hasSize(2);
  }

  @Test
  void aFullQueueDropsTheCallbackInsteadOfBlockingTheCaller() {
    DeliveryCallbacks tiny = new DeliveryCallbacks(listener, 1);
    try {
      tiny.linkUp("slow");
      await().atMost(Duration.ofSeconds(5)).until(() -> blocked.getCount() == 0);
      tiny.acknowledged("a", List.of("m1")); // queued
      tiny.acknowledged("a", List.of("m2")); // dropped: the queue holds one
      release.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 3);
      assertThat(calls).containsExactly("linkUp slow", "together 1", "acknowledged a [m1]");
    } finally {
      tiny.close(Duration.ofSeconds(2));
    }
  }
}
