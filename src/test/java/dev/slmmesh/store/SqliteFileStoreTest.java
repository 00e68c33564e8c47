package dev.slmmesh.store;

import static dev.slmmesh.store.StoreFixtures.T0;
import static dev.slmmesh.store.StoreFixtures.at;
import static dev.slmmesh.store.StoreFixtures.entry;
import static dev.slmmesh.store.StoreFixtures.event;
import static dev.slmmesh.store.StoreFixtures.fullPeer;
import static dev.slmmesh.store.StoreFixtures.lock;
import static dev.slmmesh.store.StoreFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.wire.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against a database file, plus what only a file has: reopen, modes, WAL. */
final class SqliteFileStoreTest extends AbstractStoreContractTest {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final long WAL_LIMIT_BYTES = 64L * 1024 * 1024;

  @TempDir Path dir;

  @Override
  Store createStore() {
    return SqliteStore.open(dbFile());
  }

  private Path dbFile() {
    return dir.resolve("mesh.db");
  }

  private Path companion(String suffix) {
    return dir.resolve("mesh.db" + suffix);
  }

  @Test
  void keepsEverythingAcrossReopen() {
    store.peers().insert(fullPeer("p1", "/repo"));
    store.peers().saveCredential("p1", "hash");
    store.messages().insert(List.of(message("m1", "a", "p1", T0)));
    store.state().put(entry("default", "k", "v", T0));
    store.locks().acquire(lock("/a", "p1", T0, Duration.ofMinutes(10)), T0);
    store.events().insert(event("e1", "peer_joined", T0));
    store.close();

    store = SqliteStore.open(dbFile());

    assertThat(store.peers().find("p1")).contains(fullPeer("p1", "/repo"));
    assertThat(store.peers().credentialHash("p1")).contains("hash");
    assertThat(store.messages().pendingFor("p1", 10)).containsExactly(message("m1", "a", "p1", T0));
    assertThat(store.state().get("default", "k")).contains(entry("default", "k", "v", T0));
    assertThat(store.locks().active(null, T0))
        .containsExactly(lock("/a", "p1", T0, Duration.ofMinutes(10)));
    assertThat(store.events().read(new EventQuery(List.of(), null, 10))).hasSize(1);
  }

  @Test
  void holdsTheFileExclusivelyWhileOpen() throws Exception {
    store.messages().insert(List.of(message("m1", "a", "p1", T0)));
    org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
    config.setBusyTimeout(0);
    try (java.sql.Connection other = config.createConnection("jdbc:sqlite:" + dbFile());
        java.sql.Statement statement = other.createStatement()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> statement.executeQuery("SELECT COUNT(*) FROM messages"))
          .hasMessageContaining("locked");
    }
    store.close();
    try (java.sql.Connection other = config.createConnection("jdbc:sqlite:" + dbFile());
        java.sql.ResultSet row =
            other.createStatement().executeQuery("SELECT COUNT(*) FROM messages")) {
      assertThat(row.getInt(1)).isEqualTo(1);
    }
    store = SqliteStore.open(dbFile());
  }

  @Test
  void aDeferredDeliveryMarkIsWrittenAtClose() {
    store.messages().insert(List.of(message("m1", "a", "p1", T0), message("m2", "a", "p1", T0)));
    store.messages().markDeliveredLater("p1", List.of("m1"));
    store.close();

    store = SqliteStore.open(dbFile());
    assertThat(store.messages().pendingFor("p1", 10)).extracting(Message::id).containsExactly("m2");
  }

  @Test
  void deliveryMarksThatArriveBeforeACommitShareOneDeferredWrite() {
    store
        .messages()
        .insert(
            List.of(
                message("m1", "a", "p1", T0),
                message("m2", "a", "p2", T0),
                message("m3", "a", "p1", T0),
                message("m4", "a", "p3", T0)));
    store.messages().markDeliveredLater("p1", List.of("m1"));
    store.messages().markDeliveredLater("p2", List.of("m2"));
    store.messages().markDeliveredLater("p1", List.of("m3"));
    store
        .messages()
        .markDeliveredLater("p3", List.of("m2")); // not its message: this mark changes nothing
    assertThat(((SqliteStore) store).database().deferred()).isEqualTo(1);

    assertThat(store.messages().pendingFor("p1", 10)).isEmpty();
    assertThat(store.messages().pendingFor("p2", 10)).isEmpty();
    assertThat(store.messages().pendingFor("p3", 10)).extracting(Message::id).containsExactly("m4");
    assertThat(((SqliteStore) store).database().deferred()).isZero();

    store.messages().markDeliveredLater("p3", List.of("m4")); // after the write: queued anew
    assertThat(((SqliteStore) store).database().deferred()).isEqualTo(1);
    assertThat(store.messages().pendingFor("p3", 10)).isEmpty();
  }

  @Test
  void keepsDatabaseAndCompanionFilesOwnerOnly() throws IOException {
    store.messages().insert(List.of(message("m1", "a", "p1", T0)));

    for (String suffix : List.of("", "-wal")) {
      assertThat(Files.getPosixFilePermissions(companion(suffix))).as(suffix).isEqualTo(OWNER_ONLY);
    }
    assertThat(companion("-shm"))
        .as("exclusive locking keeps the WAL index in memory")
        .doesNotExist();
    store.maintain();
    assertThat(Files.getPosixFilePermissions(dbFile())).isEqualTo(OWNER_ONLY);
  }

  @Test
  void tightensModesOfAnExistingDatabase() throws IOException {
    store.close();
    Files.setPosixFilePermissions(dbFile(), PosixFilePermissions.fromString("rw-r--r--"));

    store = SqliteStore.open(dbFile());
    store.events().insert(event("e1", "t", T0));

    assertThat(Files.getPosixFilePermissions(dbFile())).isEqualTo(OWNER_ONLY);
    assertThat(Files.getPosixFilePermissions(companion("-wal"))).isEqualTo(OWNER_ONLY);
  }

  @Test
  void keepsWalBoundedUnderSustainedInserts() throws IOException {
    String payload = "x".repeat(400);
    long largestWal = 0;
    for (int i = 0; i < 25_000; i++) {
      Instant createdAt = T0.plusMillis(i);
      store
          .messages()
          .insert(
              List.of(
                  new Message(
                      "m" + i, "a", "p" + (i % 7), "text", payload, createdAt, null, false)));
      if (i % 1000 == 999) {
        largestWal = Math.max(largestWal, Files.size(companion("-wal")));
        store.maintain();
      }
    }
    largestWal = Math.max(largestWal, Files.size(companion("-wal")));
    store.maintain();

    assertThat(largestWal).isLessThan(WAL_LIMIT_BYTES);
    assertThat(Files.size(companion("-wal"))).isZero();
    assertThat(store.stats(at(1)).messagesTotal()).isEqualTo(25_000);
  }

  @Test
  void closeLeavesNoWalBehind() throws IOException {
    store.events().insert(event("e1", "t", T0));
    store.close();

    Path wal = companion("-wal");
    assertThat(Files.notExists(wal) || Files.size(wal) == 0).isTrue();
  }

  @Test
  void failsNamingThePathWhenTheDirectoryIsMissing() {
    Path missing = dir.resolve("absent").resolve("mesh.db");

    assertThatThrownBy(() -> SqliteStore.open(missing))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(missing.toString());
  }

  /** The heartbeat time as the database holds it (its row, not the peer cache). */
  private Instant storedHeartbeat(String peerId) {
    return ((SqliteStore) store)
        .database()
        .queryOne(
            "heartbeat",
            "SELECT last_heartbeat FROM peers WHERE id = ?",
            row -> Instant.ofEpochMilli(row.getLong(1)),
            peerId)
        .orElseThrow();
  }

  @Test
  void heartbeatsOfActivePeersAreWrittenBehindAndSeenAtOnce() throws Exception {
    store.peers().insert(StoreFixtures.peer("p1"));

    assertThat(store.peers().touch("p1", at(5))).isTrue();
    assertThat(store.peers().find("p1").orElseThrow().peer().lastHeartbeat()).isEqualTo(at(5));
    assertThat(storedHeartbeat("p1")).isEqualTo(T0);

    store.flushDeferred();
    assertThat(storedHeartbeat("p1")).isEqualTo(at(5));
    assertThat(store.peers().touch("nobody", at(6))).isFalse();
  }

  @Test
  void aDeferredHeartbeatKeepsAPeerFromGoingStaleAndSurvivesAClose() throws Exception {
    store.peers().insert(StoreFixtures.peer("p1"));
    store.peers().insert(StoreFixtures.peer("p2"));
    store.peers().touch("p1", at(40));

    assertThat(store.peers().markStale(at(30))).containsExactly("p2");
    assertThat(store.peers().find("p2").orElseThrow().peer().status()).isEqualTo("stale");
    assertThat(store.peers().find("p1").orElseThrow().peer().status()).isEqualTo("active");

    store.peers().touch("p1", at(50));
    store.close();
    store = SqliteStore.open(dbFile());
    assertThat(store.peers().find("p1").orElseThrow().peer().lastHeartbeat()).isEqualTo(at(50));
  }

  @Test
  void aStalePeersHeartbeatIsWrittenThroughBecauseItsStatusChanges() throws Exception {
    store.peers().insert(StoreFixtures.peer("p1", "/app", "stale", T0));

    assertThat(store.peers().touch("p1", at(5))).isTrue();
    assertThat(storedHeartbeat("p1")).isEqualTo(at(5));
    assertThat(store.peers().listActive(PeerQuery.ALL))
        .extracting(PeerRecord::id)
        .containsExactly("p1");
  }
}
