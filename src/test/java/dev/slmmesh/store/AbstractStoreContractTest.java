package dev.slmmesh.store;

import static dev.slmmesh.store.StoreFixtures.T0;
import static dev.slmmesh.store.StoreFixtures.at;
import static dev.slmmesh.store.StoreFixtures.entry;
import static dev.slmmesh.store.StoreFixtures.event;
import static dev.slmmesh.store.StoreFixtures.fullPeer;
import static dev.slmmesh.store.StoreFixtures.lock;
import static dev.slmmesh.store.StoreFixtures.message;
import static dev.slmmesh.store.StoreFixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.store.LockResult.Outcome;
import dev.slmmesh.wire.Event;
import dev.slmmesh.wire.Lock;
import dev.slmmesh.wire.Message;
import dev.slmmesh.wire.Peer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Store} contract, run against every implementation by a few-line subclass. Times are
 * fixed instants; "exactly at the cutoff" cases pin every instant comparison.
 */
abstract class AbstractStoreContractTest {
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  Store store;

  /** A fresh, empty store; the suite closes it. */
  abstract Store createStore();

  @BeforeEach
  void openStore() {
    store = createStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  // ---- peers and credentials ------------------------------------------------------------------

  @Test
  void storesEveryPeerField() {
    PeerRecord full = fullPeer("p1", "/home/u/app");
    store.insertPeer(full);
    store.insertPeer(peer("p2"));

    assertThat(store.findPeer("p1")).contains(full);
    assertThat(store.findPeer("p2")).contains(peer("p2"));
    assertThat(store.findPeer("nobody")).isEmpty();
  }

  @Test
  void refusesSecondPeerWithSameId() {
    store.insertPeer(peer("p1"));

    assertThatThrownBy(() -> store.insertPeer(peer("p1")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("insertPeer");
  }

  @Test
  void updatesEveryPeerFieldButIdAndStartTime() {
    store.insertPeer(peer("p1"));
    PeerRecord changed = fullPeer("p1", null);
    Peer p = changed.peer();
    Peer withOtherStart =
        new Peer(p.id(), p.name(), p.pid(), p.projectPath(), p.gitRoot(), p.gitBranch(),
            p.agentType(), p.summary(), p.udsPath(), at(999), p.lastHeartbeat(), Peer.STALE,
            p.deliveryPath(), null);

    assertThat(store.updatePeer(new PeerRecord(withOtherStart, true))).isTrue();
    assertThat(store.updatePeer(peer("nobody"))).isFalse();

    Peer stored = store.findPeer("p1").orElseThrow().peer();
    assertThat(stored.startedAt()).isEqualTo(T0);
    assertThat(stored).usingRecursiveComparison().ignoringFields("startedAt")
        .isEqualTo(withOtherStart);
    assertThat(store.findPeer("p1").orElseThrow().acknowledges()).isTrue();
  }

  @Test
  void listsActivePeersInRegistrationOrder() {
    store.insertPeer(peer("c"));
    store.insertPeer(peer("a", "/x", Peer.STALE, T0));
    store.insertPeer(peer("b"));
    store.insertPeer(peer("0"));

    assertThat(ids(store.listPeers(PeerQuery.ALL))).containsExactly("c", "b", "0");
  }

  @Test
  void filtersPeersByProjectGitRootAndExcludedId() {
    store.insertPeer(peer("a", "/one", Peer.ACTIVE, T0));
    store.insertPeer(peer("b", "/two", Peer.ACTIVE, T0));
    store.insertPeer(fullPeer("c", "/repo"));
    store.insertPeer(peer("d", "/one", Peer.ACTIVE, T0));

    assertThat(ids(store.listPeers(new PeerQuery("/one", null, null)))).containsExactly("a", "d");
    assertThat(ids(store.listPeers(new PeerQuery(null, "/repo", null)))).containsExactly("c");
    assertThat(ids(store.listPeers(new PeerQuery("/one", null, "a")))).containsExactly("d");
    assertThat(ids(store.listPeers(new PeerQuery(null, null, "b")))).containsExactly("a", "c", "d");
  }

  @Test
  void heartbeatRevivesStalePeer() {
    store.insertPeer(peer("p1", "/x", Peer.STALE, T0));

    assertThat(store.touchPeer("p1", at(40))).isTrue();
    assertThat(store.touchPeer("nobody", at(40))).isFalse();

    Peer stored = store.findPeer("p1").orElseThrow().peer();
    assertThat(stored.status()).isEqualTo(Peer.ACTIVE);
    assertThat(stored.lastHeartbeat()).isEqualTo(at(40));
  }

  @Test
  void updatesSummaryAndDeliveryPath() {
    store.insertPeer(peer("p1"));

    assertThat(store.updateSummary("p1", "refactoring")).isTrue();
    assertThat(store.updateDeliveryPath("p1", "hook")).isTrue();
    assertThat(store.updateSummary("nobody", "x")).isFalse();
    assertThat(store.updateDeliveryPath("nobody", "x")).isFalse();

    Peer stored = store.findPeer("p1").orElseThrow().peer();
    assertThat(stored.summary()).isEqualTo("refactoring");
    assertThat(stored.deliveryPath()).isEqualTo("hook");
  }

  @Test
  void marksStaleOnlyActivePeersWithHeartbeatBeforeCutoff() {
    Instant cutoff = at(30);
    store.insertPeer(peer("late", "/x", Peer.ACTIVE, cutoff.minusMillis(1)));
    store.insertPeer(peer("exact", "/x", Peer.ACTIVE, cutoff));
    store.insertPeer(peer("early", "/x", Peer.ACTIVE, T0));
    store.insertPeer(peer("stale", "/x", Peer.STALE, T0));

    assertThat(store.markStale(cutoff)).containsExactly("late", "early");
    assertThat(store.markStale(cutoff)).isEmpty();
    assertThat(ids(store.listPeers(PeerQuery.ALL))).containsExactly("exact");
    assertThat(store.findPeer("early").orElseThrow().peer().status()).isEqualTo(Peer.STALE);
  }

  @Test
  void findsDeadAmongStalePeersOnly() {
    Instant cutoff = at(60);
    store.insertPeer(peer("dead", "/x", Peer.STALE, cutoff.minusMillis(1)));
    store.insertPeer(peer("edge", "/x", Peer.STALE, cutoff));
    store.insertPeer(peer("quiet", "/x", Peer.ACTIVE, T0));

    assertThat(ids(store.findDead(cutoff))).containsExactly("dead");
  }

  @Test
  void deletesPeerButKeepsItsCredential() {
    store.insertPeer(peer("p1"));
    store.saveCredential("p1", "hash-1");

    assertThat(store.deletePeer("p1")).isTrue();
    assertThat(store.deletePeer("p1")).isFalse();
    assertThat(store.findPeer("p1")).isEmpty();
    assertThat(store.credentialHash("p1")).contains("hash-1");
  }

  @Test
  void savesReplacesAndDeletesCredentials() {
    store.saveCredential("p1", "hash-1");
    store.saveCredential("p1", "hash-2");
    store.saveCredential("p2", "hash-3");

    assertThat(store.credentialHash("p1")).contains("hash-2");
    store.deleteCredential("p1");
    store.deleteCredential("nobody");
    assertThat(store.credentialHash("p1")).isEmpty();
    assertThat(store.credentialHash("p2")).contains("hash-3");
  }

  // ---- messages -------------------------------------------------------------------------------

  @Test
  void inboxIsNewestFirstAndMarksReadOnce() {
    store.insertMessages(List.of(
        message("m1", "a", "me", at(1)), message("m2", "a", "me", at(3)),
        message("m3", "a", "other", at(4)), message("m4", "b", "me", at(2))));

    List<Message> first = store.takeInbox(new InboxQuery("me", true, null, 20), at(10));

    assertThat(ids(first)).containsExactly("m2", "m4", "m1");
    assertThat(first).allSatisfy(m -> assertThat(m.readAt()).isNull());
    assertThat(store.takeInbox(new InboxQuery("me", true, null, 20), at(11))).isEmpty();
    List<Message> all = store.takeInbox(new InboxQuery("me", false, null, 20), at(12));
    assertThat(all).extracting(Message::readAt).containsOnly(at(10));
  }

  @Test
  void inboxFiltersBySenderAndMarksOnlyReturnedRows() {
    store.insertMessages(List.of(
        message("m1", "a", "me", at(1)), message("m2", "b", "me", at(2)),
        message("m3", "a", "me", at(3))));

    assertThat(ids(store.takeInbox(new InboxQuery("me", true, "a", 1), at(10))))
        .containsExactly("m3");
    assertThat(ids(store.takeInbox(new InboxQuery("me", true, null, 20), at(11))))
        .containsExactly("m2", "m1");
    List<Message> all = store.takeInbox(new InboxQuery("me", false, "a", 20), at(12));
    assertThat(all).extracting(Message::readAt).containsExactly(at(10), at(11));
  }

  @Test
  void inboxBreaksSameMillisecondTiesNewestInsertFirst() {
    store.insertMessages(List.of(message("x", "a", "me", T0), message("y", "a", "me", T0)));
    store.insertMessages(List.of(message("z", "a", "me", T0)));

    assertThat(ids(store.takeInbox(new InboxQuery("me", true, null, 20), at(1))))
        .containsExactly("z", "y", "x");
  }

  @Test
  void pendingIsUndeliveredUnreadInInsertionOrder() {
    store.insertMessages(List.of(
        message("m1", "a", "me", at(5)), message("m2", "a", "me", at(1)),
        message("m3", "a", "me", at(3)), message("m4", "a", "other", at(2)),
        message("m5", "a", "me", at(4))));
    store.markDelivered("me", List.of("m3"));
    store.markRead("me", List.of("m5"), at(9));

    assertThat(ids(store.pendingFor("me", 10))).containsExactly("m1", "m2");
    assertThat(ids(store.pendingFor("me", 1))).containsExactly("m1");
  }

  @Test
  void marksDeliveredOnlyRecipientsUndeliveredMessages() {
    store.insertMessages(List.of(message("m1", "a", "me", T0), message("m2", "a", "other", T0)));

    assertThat(store.markDelivered("me", List.of("m1", "m2", "unknown"))).isEqualTo(1);
    assertThat(store.markDelivered("me", List.of("m1"))).isZero();
    assertThat(store.markDelivered("me", List.of())).isZero();
    assertThat(store.sentBy("a", List.of("m1", "m2"))).extracting(Message::delivered)
        .containsExactly(true, false);
  }

  @Test
  void markReadKeepsEarlierReadTime() {
    store.insertMessages(List.of(message("m1", "a", "me", T0), message("m2", "a", "me", T0)));

    assertThat(store.markRead("me", List.of("m1"), at(1))).isEqualTo(1);
    assertThat(store.markRead("me", List.of("m1", "m2"), at(2))).isEqualTo(1);
    assertThat(store.markRead("other", List.of("m1", "m2"), at(3))).isZero();

    assertThat(store.sentBy("a", List.of("m1", "m2"))).extracting(Message::readAt)
        .containsExactly(at(1), at(2));
  }

  @Test
  void sentByReturnsOnlyTheSendersMessagesInInsertionOrder() {
    store.insertMessages(List.of(
        message("m1", "a", "x", at(2)), message("m2", "b", "x", at(1)),
        message("m3", "a", "y", at(1))));

    List<Message> sent = store.sentBy("a", List.of("m3", "m2", "m1", "none"));

    assertThat(sent).containsExactly(message("m1", "a", "x", at(2)), message("m3", "a", "y", at(1)));
  }

  @Test
  void acceptsMoreIdsThanSqliteHasBoundVariables() {
    store.insertMessages(List.of(message("m1", "a", "me", T0)));
    List<String> ids = new ArrayList<>(IntStream.range(0, 40_000).mapToObj(i -> "id-" + i).toList());
    ids.add("m1");

    assertThat(store.markDelivered("me", ids)).isEqualTo(1);
    assertThat(store.markRead("me", ids, at(1))).isEqualTo(1);
    assertThat(store.sentBy("a", ids)).hasSize(1);
  }

  @Test
  void prunesMessagesCreatedStrictlyBeforeCutoff() {
    Instant cutoff = at(100);
    store.insertMessages(List.of(
        message("old", "a", "me", cutoff.minusMillis(1)), message("edge", "a", "me", cutoff),
        message("new", "a", "me", cutoff.plusMillis(1))));

    assertThat(store.pruneMessages(cutoff)).isEqualTo(1);
    assertThat(ids(store.pendingFor("me", 10))).containsExactly("edge", "new");
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
    assertThat(store.listState("default")).extracting(e -> e.key() + "=" + e.value())
        .containsExactly("a=2", "b=3");
    assertThat(store.listState("")).hasSize(1);
    assertThat(store.deleteState("default", "a")).isTrue();
    assertThat(store.deleteState("default", "a")).isFalse();
    assertThat(store.getState("default", "a")).isEmpty();
  }

  // ---- locks ----------------------------------------------------------------------------------

  @Test
  void grantsFreeLockAndRefusesOtherOwnerWhileUnexpired() {
    Lock mine = lock("/src/a.ts", "me", T0, TEN_MINUTES);

    assertThat(store.acquireLock(mine, T0)).isEqualTo(new LockResult(Outcome.ACQUIRED, mine));
    LockResult refused = store.acquireLock(lock("/src/a.ts", "you", at(60), TEN_MINUTES), at(60));

    assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(refused.granted()).isFalse();
    assertThat(refused.lock()).isEqualTo(mine);
  }

  @Test
  void ownerRenewsKeepingOriginalLockTime() {
    store.acquireLock(lock("/src/a.ts", "me", T0, TEN_MINUTES), T0);
    Lock again = new Lock("/src/a.ts", "me", at(120), at(1320), "still working");

    LockResult renewed = store.acquireLock(again, at(120));

    Lock expected = new Lock("/src/a.ts", "me", T0, at(1320), "still working");
    assertThat(renewed).isEqualTo(new LockResult(Outcome.RENEWED, expected));
    assertThat(store.activeLocks("/src/a.ts", at(120))).containsExactly(expected);
  }

  @Test
  void replacesLockExpiringExactlyNow() {
    store.acquireLock(lock("/src/a.ts", "me", T0, TEN_MINUTES), T0);
    Instant expiry = T0.plus(TEN_MINUTES);
    Lock yours = lock("/src/a.ts", "you", expiry, TEN_MINUTES);

    assertThat(store.acquireLock(yours, expiry)).isEqualTo(new LockResult(Outcome.ACQUIRED, yours));
    assertThat(store.activeLocks(null, expiry)).containsExactly(yours);
  }

  @Test
  void releasesOnlyForOwnerEvenWhenExpired() {
    store.acquireLock(lock("/a", "me", T0, Duration.ofSeconds(1)), T0);

    assertThat(store.releaseLock("/a", "you")).isFalse();
    assertThat(store.releaseLock("/a", "me")).isTrue();
    assertThat(store.releaseLock("/a", "me")).isFalse();
  }

  @Test
  void listsOnlyUnexpiredLocksByPath() {
    store.acquireLock(lock("/b", "me", T0, TEN_MINUTES), T0);
    store.acquireLock(lock("/a", "you", T0, TEN_MINUTES), T0);
    store.acquireLock(lock("/c", "me", T0, Duration.ofSeconds(30)), T0);
    Instant now = at(30);

    assertThat(store.activeLocks(null, now)).extracting(Lock::filePath).containsExactly("/a", "/b");
    assertThat(store.activeLocks("/c", now)).isEmpty();
    assertThat(store.activeLocks("/b", now)).extracting(Lock::lockedBy).containsExactly("me");
    assertThat(store.deleteExpiredLocks(now)).isEqualTo(1);
    assertThat(store.releaseLock("/c", "me")).isFalse();
  }

  @Test
  void releasesAllLocksOfOneOwner() {
    store.acquireLock(lock("/z", "me", T0, TEN_MINUTES), T0);
    store.acquireLock(lock("/y", "you", T0, TEN_MINUTES), T0);
    store.acquireLock(lock("/x", "me", T0, TEN_MINUTES), T0);

    assertThat(store.releaseLocksOf("me")).containsExactly("/x", "/z");
    assertThat(store.releaseLocksOf("me")).isEmpty();
    assertThat(store.activeLocks(null, T0)).extracting(Lock::filePath).containsExactly("/y");
  }

  // ---- events ---------------------------------------------------------------------------------

  @Test
  void readsEventsNewestFirstWithTiesInInsertionOrder() {
    store.insertEvent(event("e1", "peer_joined", at(1)));
    store.insertEvent(event("e2", "file_locked", at(2)));
    store.insertEvent(event("e3", "peer_left", at(2)));
    store.insertEvent(event("e4", "state_changed", at(3)));

    assertThat(ids(store.events(new EventQuery(List.of(), null, 50))))
        .containsExactly("e4", "e3", "e2", "e1");
    assertThat(store.events(new EventQuery(List.of(), null, 2))).hasSize(2);
    assertThat(store.events(new EventQuery(List.of(), null, 1)).get(0))
        .isEqualTo(event("e4", "state_changed", at(3)));
  }

  @Test
  void filtersEventsByTypesAndExclusiveSince() {
    store.insertEvent(event("e1", "peer_joined", at(1)));
    store.insertEvent(event("e2", "file_locked", at(2)));
    store.insertEvent(event("e3", "peer_left", at(3)));
    store.insertEvent(event("e4", "peer_joined", at(4)));

    assertThat(ids(store.events(new EventQuery(List.of("peer_joined", "peer_left"), null, 50))))
        .containsExactly("e4", "e3", "e1");
    assertThat(ids(store.events(new EventQuery(List.of(), at(2), 50)))).containsExactly("e4", "e3");
    assertThat(ids(store.events(new EventQuery(List.of("peer_joined"), at(1), 50))))
        .containsExactly("e4");
    assertThat(store.events(new EventQuery(List.of("custom"), null, 50))).isEmpty();
  }

  @Test
  void acceptsMoreEventTypesThanSqliteHasBoundVariables() {
    store.insertEvent(event("e1", "type-39999", T0));
    List<String> types = IntStream.range(0, 40_000).mapToObj(i -> "type-" + i).toList();

    assertThat(ids(store.events(new EventQuery(types, null, 50)))).containsExactly("e1");
  }

  @Test
  void prunesEventsCreatedStrictlyBeforeCutoff() {
    Instant cutoff = at(100);
    store.insertEvent(event("old", "t", cutoff.minusMillis(1)));
    store.insertEvent(event("edge", "t", cutoff));

    assertThat(store.pruneEvents(cutoff)).isEqualTo(1);
    assertThat(ids(store.events(new EventQuery(List.of(), null, 50)))).containsExactly("edge");
  }

  // ---- housekeeping and transactions ----------------------------------------------------------

  @Test
  void countsStatsWithOnlyUnexpiredLocks() {
    store.insertPeer(peer("a"));
    store.insertPeer(peer("b"));
    store.insertPeer(peer("c", "/x", Peer.STALE, T0));
    store.insertMessages(List.of(message("m1", "a", "b", T0), message("m2", "a", "b", T0),
        message("m3", "a", "b", T0)));
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

    assertThatThrownBy(() -> store.atomically(() -> {
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
    assertThatThrownBy(() -> store.atomically(() -> {
          store.atomically(() -> {
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
    String result = store.atomically(() -> {
      store.insertPeer(peer("outer"));
      try {
        store.atomically(() -> {
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
        store.atomically(() -> {
          store.insertMessages(List.of(message(id, writer, "me", T0)));
          store.insertMessages(List.of(message(id + "b", writer, "me", T0)));
          return null;
        });
      } else {
        store.insertMessages(List.of(message(id, writer, "me", T0), message(id + "b", writer, "me", T0)));
      }
    }
    return null;
  }

  @Test
  void maintainsOutsideTransactionsOnly() {
    store.insertEvent(event("e1", "t", T0));
    store.maintain();

    assertThatThrownBy(() -> store.atomically(() -> {
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

  private static List<String> ids(List<?> rows) {
    List<String> ids = new ArrayList<>();
    for (Object row : rows) {
      if (row instanceof PeerRecord p) {
        ids.add(p.id());
      } else if (row instanceof Message m) {
        ids.add(m.id());
      } else if (row instanceof Event e) {
        ids.add(e.id());
      }
    }
    return ids;
  }
}
