package dev.slmmesh.store;

import static dev.slmmesh.store.StoreFixtures.T0;
import static dev.slmmesh.store.StoreFixtures.at;
import static dev.slmmesh.store.StoreFixtures.entry;
import static dev.slmmesh.store.StoreFixtures.event;
import static dev.slmmesh.store.StoreFixtures.lock;
import static dev.slmmesh.store.StoreFixtures.message;
import static dev.slmmesh.store.StoreFixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.wire.Peer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Store} contract, run against every implementation by a few-line subclass. The
 * per-table parts live in the mixed-in interfaces; this class holds the lifecycle, shared state,
 * stats and transaction cases. Times are fixed instants, and "exactly at the cutoff" cases pin
 * every instant comparison.
 */
abstract class AbstractStoreContractTest
    implements PeerContract, MessageContract, LockContract, EventContract {
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  Store store;

  /** A fresh, empty store; the suite closes it. */
  abstract Store createStore();

  @Override
  public Store store() {
    return store;
  }

  @BeforeEach
  void openStore() {
    store = createStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  // ---- shared state ---------------------------------------------------------------------------

  @Test
  void putsReplacesListsAndDeletesState() {
    store.putState(entry("default", "b", "1", at(1)));
    store.putState(entry("default", "a", "2", at(2)));
    store.putState(entry("", "a", "other namespace", at(3)));
    assertThat(store.putState(entry("default", "b", "3", at(4))))
        .isEqualTo(entry("default", "b", "3", at(4)));

    assertThat(store.getState("default", "b")).contains(entry("default", "b", "3", at(4)));
    assertThat(store.listState("default"))
        .extracting(e -> e.key() + "=" + e.value())
        .containsExactly("a=2", "b=3");
    assertThat(store.listState("")).hasSize(1);
    assertThat(store.deleteState("default", "a")).isTrue();
    assertThat(store.deleteState("default", "a")).isFalse();
    assertThat(store.getState("default", "a")).isEmpty();
  }

  @Test
  void listsEveryNamespaceByNamespaceThenKeyUpToTheLimit() {
    store.putState(entry("team", "b", "1", at(1)));
    store.putState(entry("default", "z", "2", at(2)));
    store.putState(entry("team", "a", "3", at(3)));

    assertThat(store.allState(10))
        .extracting(e -> e.namespace() + "/" + e.key())
        .containsExactly("default/z", "team/a", "team/b");
    assertThat(store.allState(2)).hasSize(2);
  }

  // ---- housekeeping and transactions ----------------------------------------------------------

  @Test
  void countsStatsWithOnlyUnexpiredLocks() {
    store.insertPeer(peer("a"));
    store.insertPeer(peer("b"));
    store.insertPeer(peer("c", "/x", Peer.STALE, T0));
    store.insertMessages(
        List.of(
            message("m1", "a", "b", T0), message("m2", "a", "b", T0), message("m3", "a", "b", T0)));
    store.markDelivered("b", List.of("m1"));
    store.takeInbox(new InboxQuery("b", true, null, 20), at(1));
    store.acquireLock(lock("/live", "a", T0, TEN_MINUTES), T0);
    store.acquireLock(lock("/gone", "a", T0, Duration.ofSeconds(60)), T0);
    store.insertEvent(event("e1", "t", T0));

    assertThat(store.stats(at(60))).isEqualTo(new Stats(2, 1, 3, 3, 2, 1, 1));
  }

  @Test
  void rollsBackAtomicallyOnException() {
    IllegalStateException boom = new IllegalStateException("boom");

    assertThatThrownBy(
            () ->
                store.atomically(
                    () -> {
                      store.insertPeer(peer("p1"));
                      store.insertMessages(List.of(message("m1", "a", "p1", T0)));
                      throw boom;
                    }))
        .isSameAs(boom);
    assertThat(store.findPeer("p1")).isEmpty();
    assertThat(store.pendingFor("p1", 10)).isEmpty();
  }

  @Test
  void nestedAtomicallyJoinsTheOuterTransaction() {
    assertThatThrownBy(
            () ->
                store.atomically(
                    () -> {
                      store.atomically(
                          () -> {
                            store.insertPeer(peer("inner"));
                            return null;
                          });
                      assertThat(store.findPeer("inner")).isPresent();
                      throw new IllegalStateException("outer fails");
                    }))
        .hasMessage("outer fails");
    assertThat(store.findPeer("inner")).isEmpty();
  }

  @Test
  void failedNestedCallUndoesOnlyItsOwnWrites() {
    String result =
        store.atomically(
            () -> {
              store.insertPeer(peer("outer"));
              try {
                store.atomically(
                    () -> {
                      store.insertPeer(peer("inner"));
                      throw new IllegalStateException("inner fails");
                    });
              } catch (IllegalStateException expected) {
                // the outer transaction carries on without the inner writes
              }
              return "done";
            });

    assertThat(result).isEqualTo("done");
    assertThat(store.findPeer("outer")).isPresent();
    assertThat(store.findPeer("inner")).isEmpty();
  }

  @Test
  void concurrentWritersLoseNoRows() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String writer = "w" + t;
      done.add(pool.submit(() -> writeMessages(start, writer)));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(store.stats(T0).messagesTotal()).isEqualTo(4 * 250);
    assertThat(store.pendingFor("me", 2000)).hasSize(4 * 250);
  }

  private Void writeMessages(CountDownLatch start, String writer) throws InterruptedException {
    start.await();
    for (int i = 0; i < 250; i += 2) {
      String id = writer + "-" + i;
      if (i % 4 == 0) {
        store.atomically(
            () -> {
              store.insertMessages(List.of(message(id, writer, "me", T0)));
              store.insertMessages(List.of(message(id + "b", writer, "me", T0)));
              return null;
            });
      } else {
        store.insertMessages(
            List.of(message(id, writer, "me", T0), message(id + "b", writer, "me", T0)));
      }
    }
    return null;
  }

  @Test
  void maintainsOutsideTransactionsOnly() {
    store.insertEvent(event("e1", "t", T0));
    store.maintain();

    assertThatThrownBy(
            () ->
                store.atomically(
                    () -> {
                      store.maintain();
                      return null;
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store.events(new EventQuery(List.of(), null, 5))).hasSize(1);
  }

  @Test
  void closeIsIdempotentAndLaterUseFails() {
    store.close();
    store.close();

    assertThatThrownBy(() -> store.findPeer("p1")).isInstanceOf(IllegalStateException.class);
  }
}
