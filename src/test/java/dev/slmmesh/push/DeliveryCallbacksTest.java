package dev.slmmesh.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slmmesh.broker.DeliveryListener;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The callback thread: order kept, receipts that queued up delivered together, bounded close. */
class DeliveryCallbacksTest {

  private final List<String> calls = new CopyOnWriteArrayList<>();

  /** The thread of each entry of {@code calls}. */
  private final List<String> threads = new CopyOnWriteArrayList<>();

  /** Peers whose receipts the listener takes at once, on the calling thread; none by default. */
  private final Set<String> takenAtOnce = ConcurrentHashMap.newKeySet();

  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch blocked = new CountDownLatch(1);
  private final DeliveryListener listener =
      new DeliveryListener() {
        @Override
        public void linkUp(String peerId) {
          record("linkUp " + peerId);
          if (peerId.equals("slow")) {
            blocked.countDown();
            awaitLatch(release);
          }
        }

        @Override
        public void written(String peerId, List<String> messageIds) {
          record("written " + peerId + " " + messageIds);
        }

        @Override
        public void acknowledged(String peerId, List<String> messageIds) {
          record("acknowledged " + peerId + " " + messageIds);
        }

        @Override
        public void confirmed(List<Receipt> receipts) {
          record("together " + receipts.size());
          DeliveryListener.super.confirmed(receipts);
        }

        @Override
        public boolean confirmAtOnce(Receipt r) {
          if (!takenAtOnce.contains(r.peerId())) {
            return false; // as if it needed the store: the callback thread's work
          }
          record("at once " + r.peerId() + " " + r.messageIds());
          return true;
        }
      };
  private final DeliveryCallbacks callbacks = new DeliveryCallbacks(listener, 100);

  @AfterEach
  void close() {
    release.countDown();
    callbacks.close(Duration.ofSeconds(2));
  }

  private synchronized void record(String call) {
    threads.add(Thread.currentThread().getName());
    calls.add(call);
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
  void aReceiptWithNothingQueuedBeforeItIsConfirmedOnTheCallingThreadIfTheListenerTakesIt()
      throws Exception {
    takenAtOnce.addAll(List.of("a", "b"));
    String me = Thread.currentThread().getName();
    callbacks.acknowledged("a", List.of("m1"));
    callbacks.written("b", List.of("m2"));
    callbacks.acknowledged("busy", List.of("m3"));
    await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 4);
    assertThat(calls)
        .containsExactly(
            "at once a [m1]", "at once b [m2]", "together 1", "acknowledged busy [m3]");
    assertThat(threads.subList(0, 2)).containsOnly(me);
    assertThat(threads.get(3)).startsWith("push-callback-");

    // with a link event queued, a receipt waits behind it: order is kept
    calls.clear();
    threads.clear();
    callbacks.linkUp("slow");
    assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
    callbacks.linkUp("c");
    callbacks.acknowledged("a", List.of("m4"));
    release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 4);
    assertThat(calls)
        .containsExactly("linkUp slow", "linkUp c", "together 1", "acknowledged a [m4]");
    assertThat(threads.get(3)).startsWith("push-callback-");
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
