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

import dev.slmmesh.testkit.PostgresServer;
import dev.slmmesh.wire.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slm-mesh store migrate}'s copy from an SQLite file into a real PostgreSQL database. */
final class StoreCopyTest {
  @TempDir Path dir;
  private final PostgresServer server = PostgresServer.shared();

  private SqliteStore filledSqlite() {
    SqliteStore sqlite = SqliteStore.open(dir.resolve("mesh.db"));
    sqlite.insertPeer(fullPeer("p1", "/repo"));
    sqlite.insertPeer(peer("p2"));
    sqlite.saveCredential("p1", "hash1");
    sqlite.insertMessages(List.of(message("m1", "p2", "p1", T0), message("m2", "p2", "p1", at(1)), message("m3", "p1", "p2", at(2))));
    sqlite.markDeliveredLater("p1", List.of("m1"));
    sqlite.markRead("p2", List.of("m3"), at(3));
    sqlite.putState(entry("default", "k", "v", T0));
    sqlite.acquireLock(lock("/repo/a", "p1", T0, Duration.ofMinutes(10)), T0);
    sqlite.insertEvent(event("e1", "peer_joined", T0));
    sqlite.insertEvent(event("e2", "state_changed", at(1)));
    return sqlite;
  }

  @Test
  void copiesEveryRowWithItsMarksInOrderAndVerifiesTheCounts() {
    String db = server.createDatabase();
    try (SqliteStore sqlite = filledSqlite();
        PostgresStore pg = PostgresStore.open(PostgresStoreTest.target(server, db))) {
      StoreCopy.Counts counts = StoreCopy.copy(sqlite, pg, false);

      assertThat(counts.toString())
          .isEqualTo("2 peers, 1 peer_credentials, 3 messages, 1 state, 1 locks, 2 events");
      assertThat(pg.findPeer("p1")).isEqualTo(sqlite.findPeer("p1"));
      assertThat(pg.listPeers(PeerQuery.ALL)).extracting(PeerRecord::id).containsExactly("p1", "p2");
      assertThat(pg.credentialHash("p1")).contains("hash1");
      assertThat(pg.pendingFor("p1", 10)).extracting(Message::id).containsExactly("m2");
      assertThat(pg.pendingFor("p2", 10)).isEmpty(); // read
      assertThat(pg.takeInbox(new InboxQuery("p1", false, null, 10), at(9))).extracting(Message::id).containsExactly("m2", "m1");
      assertThat(pg.getState("default", "k")).contains(entry("default", "k", "v", T0));
      assertThat(pg.activeLocks(null, T0)).isEqualTo(sqlite.activeLocks(null, T0));
      assertThat(pg.events(new EventQuery(List.of(), null, 10))).isEqualTo(sqlite.events(new EventQuery(List.of(), null, 10)));
    }
  }

  @Test
  void refusesATargetWithRowsUnlessToldToReplaceThem() {
    String db = server.createDatabase();
    try (SqliteStore sqlite = filledSqlite();
        PostgresStore pg = PostgresStore.open(PostgresStoreTest.target(server, db))) {
      pg.putState(entry("other", "keep", "me", T0));

      assertThatThrownBy(() -> StoreCopy.copy(sqlite, pg, false))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not empty (0 peers, 0 peer_credentials, 0 messages, 1 state")
          .hasMessageContaining("--force");
      assertThat(pg.getState("other", "keep")).isPresent();
      assertThat(pg.findPeer("p1")).isEmpty();

      StoreCopy.copy(sqlite, pg, true);
      assertThat(pg.getState("other", "keep")).isEmpty();
      assertThat(pg.stats(T0).messagesTotal()).isEqualTo(3);
    }
  }
}
