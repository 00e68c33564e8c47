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
    store().peers().insert(full);
    store().peers().insert(peer("p2"));

    assertThat(store().peers().find("p1")).contains(full);
    assertThat(store().peers().find("p2")).contains(peer("p2"));
    assertThat(store().peers().find("nobody")).isEmpty();
  }

  @Test
  default void refusesSecondPeerWithSameId() {
    store().peers().insert(peer("p1"));

    assertThatThrownBy(() -> store().peers().insert(peer("p1")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("insertPeer");
  }

  @Test
  default void keepsTheMachineAPeerRunsOn() {
    PeerRecord plain = fullPeer("p1", null);
    store().peers().insert(new PeerRecord(plain.peer().withMachine("m-1", "laptop"), true));
    assertThat(store().peers().find("p1").orElseThrow().peer().machineName()).isEqualTo("laptop");
    store().peers().update(new PeerRecord(plain.peer().withMachine("m-2", "build-box"), true));
    Peer stored = store().peers().find("p1").orElseThrow().peer();
    assertThat(stored.machineId()).isEqualTo("m-2");
    assertThat(stored.machineName()).isEqualTo("build-box");
  }

  @Test
  default void updatesEveryPeerFieldButIdAndStartTime() {
    store().peers().insert(peer("p1"));
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

    assertThat(store().peers().update(new PeerRecord(withOtherStart, true))).isTrue();
    assertThat(store().peers().update(peer("nobody"))).isFalse();

    Peer stored = store().peers().find("p1").orElseThrow().peer();
    assertThat(stored.startedAt()).isEqualTo(T0);
    assertThat(stored)
        .usingRecursiveComparison()
        .ignoringFields("startedAt")
        .isEqualTo(withOtherStart);
    assertThat(store().peers().find("p1").orElseThrow().acknowledges()).isTrue();
  }

  @Test
  default void listsActivePeersInRegistrationOrder() {
    store().peers().insert(peer("c"));
    store().peers().insert(peer("a", "/x", Peer.STALE, T0));
    store().peers().insert(peer("b"));
    store().peers().insert(peer("0"));

    assertThat(ids(store().peers().listActive(PeerQuery.ALL))).containsExactly("c", "b", "0");
  }

  @Test
  default void filtersPeersByProjectGitRootAndExcludedId() {
    store().peers().insert(peer("a", "/one", Peer.ACTIVE, T0));
    store().peers().insert(peer("b", "/two", Peer.ACTIVE, T0));
    store().peers().insert(fullPeer("c", "/repo"));
    store().peers().insert(peer("d", "/one", Peer.ACTIVE, T0));

    assertThat(ids(store().peers().listActive(new PeerQuery("/one", null, null))))
        .containsExactly("a", "d");
    assertThat(ids(store().peers().listActive(new PeerQuery(null, "/repo", null))))
        .containsExactly("c");
    assertThat(ids(store().peers().listActive(new PeerQuery("/one", null, "a"))))
        .containsExactly("d");
    assertThat(ids(store().peers().listActive(new PeerQuery(null, null, "b"))))
        .containsExactly("a", "c", "d");
  }

  @Test
  default void heartbeatRevivesStalePeer() {
    store().peers().insert(peer("p1", "/x", Peer.STALE, T0));

    assertThat(store().peers().touch("p1", at(40))).isTrue();
    assertThat(store().peers().touch("nobody", at(40))).isFalse();

    Peer stored = store().peers().find("p1").orElseThrow().peer();
    assertThat(stored.status()).isEqualTo(Peer.ACTIVE);
    assertThat(stored.lastHeartbeat()).isEqualTo(at(40));
  }

  @Test
  default void updatesSummaryAndDeliveryPath() {
    store().peers().insert(peer("p1"));

    assertThat(store().peers().updateSummary("p1", "refactoring")).isTrue();
    assertThat(store().peers().updateDeliveryPath("p1", "hook")).isTrue();
    assertThat(store().peers().updateSummary("nobody", "x")).isFalse();
    assertThat(store().peers().updateDeliveryPath("nobody", "x")).isFalse();

    Peer stored = store().peers().find("p1").orElseThrow().peer();
    assertThat(stored.summary()).isEqualTo("refactoring");
    assertThat(stored.deliveryPath()).isEqualTo("hook");
  }

  @Test
  default void marksStaleOnlyActivePeersWithHeartbeatBeforeCutoff() {
    Instant cutoff = at(30);
    store().peers().insert(peer("late", "/x", Peer.ACTIVE, cutoff.minusMillis(1)));
    store().peers().insert(peer("exact", "/x", Peer.ACTIVE, cutoff));
    store().peers().insert(peer("early", "/x", Peer.ACTIVE, T0));
    store().peers().insert(peer("stale", "/x", Peer.STALE, T0));

    assertThat(store().peers().markStale(cutoff)).containsExactly("late", "early");
    assertThat(store().peers().markStale(cutoff)).isEmpty();
    assertThat(ids(store().peers().listActive(PeerQuery.ALL))).containsExactly("exact");
    assertThat(store().peers().find("early").orElseThrow().peer().status()).isEqualTo(Peer.STALE);
  }

  @Test
  default void findsDeadAmongStalePeersOnly() {
    Instant cutoff = at(60);
    store().peers().insert(peer("dead", "/x", Peer.STALE, cutoff.minusMillis(1)));
    store().peers().insert(peer("edge", "/x", Peer.STALE, cutoff));
    store().peers().insert(peer("quiet", "/x", Peer.ACTIVE, T0));

    assertThat(ids(store().peers().findDead(cutoff))).containsExactly("dead");
  }

  @Test
  default void deletesPeerButKeepsItsCredential() {
    store().peers().insert(peer("p1"));
    store().peers().saveCredential("p1", "hash-1");

    assertThat(store().peers().delete("p1")).isTrue();
    assertThat(store().peers().delete("p1")).isFalse();
    assertThat(store().peers().find("p1")).isEmpty();
    assertThat(store().peers().credentialHash("p1")).contains("hash-1");
  }

  @Test
  default void savesReplacesAndDeletesCredentials() {
    store().peers().saveCredential("p1", "hash-1");
    store().peers().saveCredential("p1", "hash-2");
    store().peers().saveCredential("p2", "hash-3");

    assertThat(store().peers().credentialHash("p1")).contains("hash-2");
    store().peers().deleteCredential("p1");
    store().peers().deleteCredential("nobody");
    assertThat(store().peers().credentialHash("p1")).isEmpty();
    assertThat(store().peers().credentialHash("p2")).contains("hash-3");
  }
}
