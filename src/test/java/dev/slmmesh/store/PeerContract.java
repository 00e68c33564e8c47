package dev.slmmesh.store;

import static dev.slmmesh.store.StoreFixtures.T0;
import static dev.slmmesh.store.StoreFixtures.at;
import static dev.slmmesh.store.StoreFixtures.fullPeer;
import static dev.slmmesh.store.StoreFixtures.ids;
import static dev.slmmesh.store.StoreFixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.wire.Peer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The peer and credential part of the {@link Store} contract. Mixed into {@link
 * AbstractStoreContractTest}.
 */
interface PeerContract {

  /** The store under test, fresh and empty for each test. */
  Store store();

  @Test
  default void storesEveryPeerField() {
    PeerRecord full = fullPeer("p1", "/home/u/app");
    store().insertPeer(full);
    store().insertPeer(peer("p2"));

    assertThat(store().findPeer("p1")).contains(full);
    assertThat(store().findPeer("p2")).contains(peer("p2"));
    assertThat(store().findPeer("nobody")).isEmpty();
  }

  @Test
  default void refusesSecondPeerWithSameId() {
    store().insertPeer(peer("p1"));

    assertThatThrownBy(() -> store().insertPeer(peer("p1")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("insertPeer");
  }

  @Test
  default void keepsTheMachineAPeerRunsOn() {
    PeerRecord plain = fullPeer("p1", null);
    store().insertPeer(new PeerRecord(plain.peer().withMachine("m-1", "laptop"), true));
    assertThat(store().findPeer("p1").orElseThrow().peer().machineName()).isEqualTo("laptop");
    store().updatePeer(new PeerRecord(plain.peer().withMachine("m-2", "build-box"), true));
    Peer stored = store().findPeer("p1").orElseThrow().peer();
    assertThat(stored.machineId()).isEqualTo("m-2");
    assertThat(stored.machineName()).isEqualTo("build-box");
  }

  @Test
  default void updatesEveryPeerFieldButIdAndStartTime() {
    store().insertPeer(peer("p1"));
    PeerRecord changed = fullPeer("p1", null);
    Peer p = changed.peer();
    Peer withOtherStart =
        new Peer(
            p.id(),
            p.name(),
            p.pid(),
            p.projectPath(),
            p.gitRoot(),
            p.gitBranch(),
            p.agentType(),
            p.summary(),
            p.udsPath(),
            at(999),
            p.lastHeartbeat(),
            Peer.STALE,
            p.deliveryPath(),
            null);

    assertThat(store().updatePeer(new PeerRecord(withOtherStart, true))).isTrue();
    assertThat(store().updatePeer(peer("nobody"))).isFalse();

    Peer stored = store().findPeer("p1").orElseThrow().peer();
    assertThat(stored.startedAt()).isEqualTo(T0);
    assertThat(stored)
        .usingRecursiveComparison()
        .ignoringFields("startedAt")
        .isEqualTo(withOtherStart);
    assertThat(store().findPeer("p1").orElseThrow().acknowledges()).isTrue();
  }

  @Test
  default void listsActivePeersInRegistrationOrder() {
    store().insertPeer(peer("c"));
    store().insertPeer(peer("a", "/x", Peer.STALE, T0));
    store().insertPeer(peer("b"));
    store().insertPeer(peer("0"));

    assertThat(ids(store().listPeers(PeerQuery.ALL))).containsExactly("c", "b", "0");
  }

  @Test
  default void filtersPeersByProjectGitRootAndExcludedId() {
    store().insertPeer(peer("a", "/one", Peer.ACTIVE, T0));
    store().insertPeer(peer("b", "/two", Peer.ACTIVE, T0));
    store().insertPeer(fullPeer("c", "/repo"));
    store().insertPeer(peer("d", "/one", Peer.ACTIVE, T0));

    assertThat(ids(store().listPeers(new PeerQuery("/one", null, null)))).containsExactly("a", "d");
    assertThat(ids(store().listPeers(new PeerQuery(null, "/repo", null)))).containsExactly("c");
    assertThat(ids(store().listPeers(new PeerQuery("/one", null, "a")))).containsExactly("d");
    assertThat(ids(store().listPeers(new PeerQuery(null, null, "b"))))
        .containsExactly("a", "c", "d");
  }

  @Test
  default void heartbeatRevivesStalePeer() {
    store().insertPeer(peer("p1", "/x", Peer.STALE, T0));

    assertThat(store().touchPeer("p1", at(40))).isTrue();
    assertThat(store().touchPeer("nobody", at(40))).isFalse();

    Peer stored = store().findPeer("p1").orElseThrow().peer();
    assertThat(stored.status()).isEqualTo(Peer.ACTIVE);
    assertThat(stored.lastHeartbeat()).isEqualTo(at(40));
  }

  @Test
  default void updatesSummaryAndDeliveryPath() {
    store().insertPeer(peer("p1"));

    assertThat(store().updateSummary("p1", "refactoring")).isTrue();
    assertThat(store().updateDeliveryPath("p1", "hook")).isTrue();
    assertThat(store().updateSummary("nobody", "x")).isFalse();
    assertThat(store().updateDeliveryPath("nobody", "x")).isFalse();

    Peer stored = store().findPeer("p1").orElseThrow().peer();
    assertThat(stored.summary()).isEqualTo("refactoring");
    assertThat(stored.deliveryPath()).isEqualTo("hook");
  }

  @Test
  default void marksStaleOnlyActivePeersWithHeartbeatBeforeCutoff() {
    Instant cutoff = at(30);
    store().insertPeer(peer("late", "/x", Peer.ACTIVE, cutoff.minusMillis(1)));
    store().insertPeer(peer("exact", "/x", Peer.ACTIVE, cutoff));
    store().insertPeer(peer("early", "/x", Peer.ACTIVE, T0));
    store().insertPeer(peer("stale", "/x", Peer.STALE, T0));

    assertThat(store().markStale(cutoff)).containsExactly("late", "early");
    assertThat(store().markStale(cutoff)).isEmpty();
    assertThat(ids(store().listPeers(PeerQuery.ALL))).containsExactly("exact");
    assertThat(store().findPeer("early").orElseThrow().peer().status()).isEqualTo(Peer.STALE);
  }

  @Test
  default void findsDeadAmongStalePeersOnly() {
    Instant cutoff = at(60);
    store().insertPeer(peer("dead", "/x", Peer.STALE, cutoff.minusMillis(1)));
    store().insertPeer(peer("edge", "/x", Peer.STALE, cutoff));
    store().insertPeer(peer("quiet", "/x", Peer.ACTIVE, T0));

    assertThat(ids(store().findDead(cutoff))).containsExactly("dead");
  }

  @Test
  default void deletesPeerButKeepsItsCredential() {
    store().insertPeer(peer("p1"));
    store().saveCredential("p1", "hash-1");

    assertThat(store().deletePeer("p1")).isTrue();
    assertThat(store().deletePeer("p1")).isFalse();
    assertThat(store().findPeer("p1")).isEmpty();
    assertThat(store().credentialHash("p1")).contains("hash-1");
  }

  @Test
  default void savesReplacesAndDeletesCredentials() {
    store().saveCredential("p1", "hash-1");
    store().saveCredential("p1", "hash-2");
    store().saveCredential("p2", "hash-3");

    assertThat(store().credentialHash("p1")).contains("hash-2");
    store().deleteCredential("p1");
    store().deleteCredential("nobody");
    assertThat(store().credentialHash("p1")).isEmpty();
    assertThat(store().credentialHash("p2")).contains("hash-3");
  }
}
