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
    sqlite.peers().insert(fullPeer("p1", "/repo"));
    sqlite.peers().insert(peer("p2"));
    sqlite.peers().saveCredential("p1", "hash1");
    sqlite
        .messages()
        .insert(
            List.of(
                message("m1", "p2", "p1", T0),
                message("m2", "p2", "p1", at(1)),
                message("m3", "p1", "p2", at(2))));
    sqlite.messages().markDeliveredLater("p1", List.of("m1"));
    sqlite.messages().markRead("p2", List.of("m3"), at(3));
    sqlite.state().put(entry("default", "k", "v", T0));
    sqlite.locks().acquire(lock("/repo/a", "p1", T0, Duration.ofMinutes(10)), T0);
    sqlite.events().insert(event("e1", "peer_joined", T0));
    sqlite.events().insert(event("e2", "state_changed", at(1)));
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
      assertThat(pg.peers().find("p1")).isEqualTo(sqlite.peers().find("p1"));
      assertThat(pg.peers().listActive(PeerQuery.ALL))
          .extracting(PeerRecord::id)
          .containsExactly("p1", "p2");
      assertThat(pg.peers().credentialHash("p1")).contains("hash1");
      assertThat(pg.messages().pendingFor("p1", 10)).extracting(Message::id).containsExactly("m2");
      assertThat(pg.messages().pendingFor("p2", 10)).isEmpty(); // read
      assertThat(pg.messages().takeInbox(new InboxQuery("p1", false, null, 10), at(9)))
          .extracting(Message::id)
          .containsExactly("m2", "m1");
      assertThat(pg.state().get("default", "k")).contains(entry("default", "k", "v", T0));
      assertThat(pg.locks().active(null, T0)).isEqualTo(sqlite.locks().active(null, T0));
      assertThat(pg.events().read(new EventQuery(List.of(), null, 10)))
          .isEqualTo(sqlite.events().read(new EventQuery(List.of(), null, 10)));
    }
  }

  @Test
  void refusesATargetWithRowsUnlessToldToReplaceThem() {
    String db = server.createDatabase();
    try (SqliteStore sqlite = filledSqlite();
        PostgresStore pg = PostgresStore.open(PostgresStoreTest.target(server, db))) {
      pg.state().put(entry("other", "keep", "me", T0));

      assertThatThrownBy(() -> StoreCopy.copy(sqlite, pg, false))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not empty (0 peers, 0 peer_credentials, 0 messages, 1 state")
          .hasMessageContaining("--force");
      assertThat(pg.state().get("other", "keep")).isPresent();
      assertThat(pg.peers().find("p1")).isEmpty();

      StoreCopy.copy(sqlite, pg, true);
      assertThat(pg.state().get("other", "keep")).isEmpty();
      assertThat(pg.stats(T0).messagesTotal()).isEqualTo(3);
    }
  }
}
