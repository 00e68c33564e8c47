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
    store.state().put(entry("default", "b", "1", at(1)));
    store.state().put(entry("default", "a", "2", at(2)));
    store.state().put(entry("", "a", "other namespace", at(3)));
    assertThat(store.state().put(entry("default", "b", "3", at(4))))
        .isEqualTo(entry("default", "b", "3", at(4)));

    assertThat(store.state().get("default", "b")).contains(entry("default", "b", "3", at(4)));
    assertThat(store.state().list("default"))
        .extracting(e -> e.key() + "=" + e.value())
        .containsExactly("a=2", "b=3");
    assertThat(store.state().list("")).hasSize(1);
    assertThat(store.state().delete("default", "a")).isTrue();
    assertThat(store.state().delete("default", "a")).isFalse();
    assertThat(store.state().get("default", "a")).isEmpty();
  }

  @Test
  void listsEveryNamespaceByNamespaceThenKeyUpToTheLimit() {
    store.state().put(entry("team", "b", "1", at(1)));
    store.state().put(entry("default", "z", "2", at(2)));
    store.state().put(entry("team", "a", "3", at(3)));

    assertThat(store.state().all(10))
        .extracting(e -> e.namespace() + "/" + e.key())
        .containsExactly("default/z", "team/a", "team/b");
    assertThat(store.state().all(2)).hasSize(2);
  }

  // ---- housekeeping and transactions ----------------------------------------------------------

  @Test
  void countsStatsWithOnlyUnexpiredLocks() {
    store.peers().insert(peer("a"));
    store.peers().insert(peer("b"));
    store.peers().insert(peer("c", "/x", Peer.STALE, T0));
    store
        .messages()
        .insert(
            List.of(
                message("m1", "a", "b", T0),
                message("m2", "a", "b", T0),
                message("m3", "a", "b", T0)));
    store.messages().markDelivered("b", List.of("m1"));
    store.messages().takeInbox(new InboxQuery("b", true, null, 20), at(1));
    store.locks().acquire(lock("/live", "a", T0, TEN_MINUTES), T0);
    store.locks().acquire(lock("/gone", "a", T0, Duration.ofSeconds(60)), T0);
    store.events().insert(event("e1", "t", T0));

    assertThat(store.stats(at(60))).isEqualTo(new Stats(2, 1, 3, 3, 2, 1, 1));
  }

  @Test
  void rollsBackAtomicallyOnException() {
    IllegalStateException boom = new IllegalStateException("boom");

    assertThatThrownBy(
            () ->
                store.atomically(
                    tx -> {
                      tx.peers().insert(peer("p1"));
                      tx.messages().insert(List.of(message("m1", "a", "p1", T0)));
                      throw boom;
                    }))
        .isSameAs(boom);
    assertThat(store.peers().find("p1")).isEmpty();
    assertThat(store.messages().pendingFor("p1", 10)).isEmpty();
  }

  @Test
  void nestedAtomicallyJoinsTheOuterTransaction() {
    assertThatThrownBy(
            () ->
                store.atomically(
                    tx -> {
                      store.atomically(
                          inner -> {
                            inner.peers().insert(peer("inner"));
                            return null;
                          });
                      assertThat(tx.peers().find("inner")).isPresent();
                      throw new IllegalStateException("outer fails");
                    }))
        .hasMessage("outer fails");
    assertThat(store.peers().find("inner")).isEmpty();
  }

  @Test
  void failedNestedCallUndoesOnlyItsOwnWrites() {
    String result =
        store.atomically(
            tx -> {
              tx.peers().insert(peer("outer"));
              try {
                store.atomically(
                    inner -> {
                      inner.peers().insert(peer("inner"));
                      throw new IllegalStateException("inner fails");
                    });
              } catch (IllegalStateException expected) {
                // the outer transaction carries on without the inner writes
              }
              return "done";
            });

    assertThat(result).isEqualTo("done");
    assertThat(store.peers().find("outer")).isPresent();
    assertThat(store.peers().find("inner")).isEmpty();
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
    assertThat(store.messages().pendingFor("me", 2000)).hasSize(4 * 250);
  }

  private Void writeMessages(CountDownLatch start, String writer) throws InterruptedException {
    start.await();
    for (int i = 0; i < 250; i += 2) {
      String id = writer + "-" + i;
      if (i % 4 == 0) {
        store.atomically(
            tx -> {
              tx.messages().insert(List.of(message(id, writer, "me", T0)));
              tx.messages().insert(List.of(message(id + "b", writer, "me", T0)));
              return null;
            });
      } else {
        store
            .messages()
            .insert(List.of(message(id, writer, "me", T0), message(id + "b", writer, "me", T0)));
      }
    }
    return null;
  }

  @Test
  void maintainsOutsideTransactionsOnly() {
    store.events().insert(event("e1", "t", T0));
    store.maintain();

    assertThatThrownBy(
            () ->
                store.atomically(
                    tx -> {
                      store.maintain();
                      return null;
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store.events().read(new EventQuery(List.of(), null, 5))).hasSize(1);
  }

  @Test
  void closeIsIdempotentAndLaterUseFails() {
    store.close();
    store.close();

    assertThatThrownBy(() -> store.peers().find("p1")).isInstanceOf(IllegalStateException.class);
  }
}
