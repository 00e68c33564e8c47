package dev.slmmesh.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.wire.Event;
import dev.slmmesh.wire.Message;
import dev.slmmesh.wire.StateEntry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema versions: a fresh database, reopening, a newer one, and a database written by the original
 * SLM Mesh (schema text and timestamp formats of reference §5.3).
 */
final class SqliteMigrationTest {
  private static final int LATEST = 104;

  private static final String ORIGINAL_SCHEMA =
      """
      CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,
        applied_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS peers (id TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL,
        pid INTEGER NOT NULL, project_path TEXT NOT NULL, git_root TEXT, git_branch TEXT,
        agent_type TEXT NOT NULL CHECK (agent_type IN
          ('claude-code','cursor','aider','codex','windsurf','vscode','unknown')),
        summary TEXT NOT NULL DEFAULT '', uds_path TEXT, started_at TEXT NOT NULL,
        last_heartbeat TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active','stale','dead')) DEFAULT 'active');
      CREATE TABLE IF NOT EXISTS messages (id TEXT NOT NULL PRIMARY KEY, from_peer TEXT NOT NULL,
        to_peer TEXT, type TEXT NOT NULL CHECK (type IN ('text','json','command','alert')),
        payload TEXT NOT NULL, created_at TEXT NOT NULL, read_at TEXT,
        delivered INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE IF NOT EXISTS state (key TEXT NOT NULL, namespace TEXT NOT NULL,
        value TEXT NOT NULL, updated_by TEXT NOT NULL, updated_at TEXT NOT NULL,
        PRIMARY KEY (namespace, key));
      CREATE TABLE IF NOT EXISTS locks (file_path TEXT NOT NULL PRIMARY KEY,
        locked_by TEXT NOT NULL, locked_at TEXT NOT NULL, expires_at TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '');
      CREATE TABLE IF NOT EXISTS events (id TEXT NOT NULL PRIMARY KEY, type TEXT NOT NULL,
        payload TEXT NOT NULL DEFAULT '{}', emitted_by TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS idx_messages_to_peer ON messages(to_peer);
      CREATE INDEX IF NOT EXISTS idx_messages_unread ON messages(to_peer, created_at)
        WHERE read_at IS NULL;
      CREATE INDEX IF NOT EXISTS idx_events_type ON events(type, created_at);
      CREATE INDEX IF NOT EXISTS idx_events_created ON events(created_at);
      CREATE INDEX IF NOT EXISTS idx_peers_status ON peers(status);
      CREATE INDEX IF NOT EXISTS idx_messages_delivered ON messages(delivered);
      CREATE INDEX IF NOT EXISTS idx_messages_created ON messages(created_at);
      """;

  private static final String ORIGINAL_ROWS =
      """
      INSERT INTO schema_version VALUES (1, '2026-04-01T09:00:00.000Z'),
        (2, '2026-04-01T09:00:00.001Z');
      INSERT INTO peers VALUES ('3f0c9a1e-5b7d-4c2a-9e11-0a1b2c3d4e5f', 'peer-3f0c9a', 51234,
        '/home/u/app', NULL, NULL, 'claude-code', '', NULL, '2026-04-08 10:30:01',
        '2026-04-08 10:31:16', 'active');
      INSERT INTO state VALUES ('db_version', 'default', '42', 'p1', '2026-04-08 10:30:01'),
        ('api_url', 'team', 'http://x', 'p2', '2026-04-08T10:30:02.500Z'),
        ('odd', 'default', 'kept', 'p3', 'not a time');
      INSERT INTO messages VALUES ('m1', 'p1', 'p2', 'text', 'hello', '2026-04-08T10:30:01.123Z',
        NULL, 0), ('m2', 'p1', 'p2', 'alert', 'read one', '2026-04-08T10:30:05.000Z',
        '2026-04-08 10:31:00', 1), ('m3', 'p1', NULL, 'text', 'never addressed',
        '2026-04-08T10:30:06.000Z', NULL, 0);
      INSERT INTO locks VALUES ('/src/a.ts', 'p1', '2026-04-08T10:30:01.123Z',
        '2026-04-08T10:40:01.123Z', '');
      INSERT INTO events VALUES
        ('e1', 'peer_joined', '{"peerId":"p1"}', 'p1', '2026-04-08 10:30:01'),
        ('e2', 'file_locked', '{}', 'p1', '2026-04-08 10:30:01');
      PRAGMA user_version = 2;
      """;

  @TempDir Path dir;

  private Path dbFile() {
    return dir.resolve("mesh.db");
  }

  @Test
  void freshDatabaseGetsTheNewestVersionAndReopensUnchanged() throws SQLException {
    SqliteStore.open(dbFile()).close();
    SqliteStore.open(dbFile()).close();

    assertThat(userVersion()).isEqualTo(LATEST);
  }

  @Test
  void keepsTheOriginalsStateParsingBothTimeFormats() throws SQLException {
    runScript(ORIGINAL_SCHEMA + ORIGINAL_ROWS);

    try (Store store = SqliteStore.open(dbFile())) {
      assertThat(store.getState("default", "db_version"))
          .contains(new StateEntry("db_version", "default", "42", "p1", utc("10:30:01")));
      assertThat(store.getState("team", "api_url"))
          .contains(new StateEntry("api_url", "team", "http://x", "p2", utc("10:30:02.500")));
      assertThat(store.getState("default", "odd"))
          .contains(new StateEntry("odd", "default", "kept", "p3", Instant.EPOCH));
    }
    assertThat(userVersion()).isEqualTo(LATEST);
    assertThat(count("legacy_state")).isEqualTo(3);
  }

  @Test
  void importsTheOriginalsAddressedMessagesAndEvents() throws SQLException {
    runScript(ORIGINAL_SCHEMA + ORIGINAL_ROWS);

    try (Store store = SqliteStore.open(dbFile())) {
      Message read =
          new Message(
              "m2", "p1", "p2", "alert", "read one", utc("10:30:05"), utc("10:31:00"), true);
      Message unread =
          new Message("m1", "p1", "p2", "text", "hello", utc("10:30:01.123"), null, false);
      assertThat(store.takeInbox(new InboxQuery("p2", false, null, 10), Instant.EPOCH))
          .containsExactly(read, unread);
      assertThat(store.stats(Instant.EPOCH).messagesTotal()).isEqualTo(2);
      assertThat(store.events(new EventQuery(List.of(), null, 10)))
          .extracting(Event::id)
          .containsExactly("e2", "e1");
    }
  }

  @Test
  void setsAsideTheOriginalsPeersAndLocks() throws SQLException {
    runScript(ORIGINAL_SCHEMA + ORIGINAL_ROWS);

    try (Store store = SqliteStore.open(dbFile())) {
      assertThat(store.listPeers(PeerQuery.ALL)).isEmpty();
      assertThat(store.activeLocks(null, utc("10:31:00"))).isEmpty();
    }
    assertThat(count("legacy_peers")).isEqualTo(1);
    assertThat(count("legacy_locks")).isEqualTo(1);
    assertThat(count("legacy_schema_version")).isEqualTo(2);
  }

  @Test
  void reopeningATakenOverDatabaseImportsNothingTwice() throws SQLException {
    runScript(ORIGINAL_SCHEMA + ORIGINAL_ROWS);
    SqliteStore.open(dbFile()).close();

    try (Store store = SqliteStore.open(dbFile())) {
      assertThat(store.stats(Instant.EPOCH).messagesTotal()).isEqualTo(2);
      assertThat(store.stats(Instant.EPOCH).eventsTotal()).isEqualTo(2);
    }
    assertThat(count("state")).isEqualTo(3);
  }

  @Test
  void toleratesAnOriginalDatabaseWithMissingTables() throws SQLException {
    runScript(
        """
        CREATE TABLE state (key TEXT, namespace TEXT, value TEXT);
        INSERT INTO state VALUES ('k', 'default', 'v');
        PRAGMA user_version = 1;
        """);

    try (Store store = SqliteStore.open(dbFile())) {
      assertThat(store.getState("default", "k")).isEmpty();
    }
    assertThat(count("legacy_state")).isEqualTo(1);
  }

  @Test
  void refusesADatabaseFromANewerBuild() throws SQLException {
    runScript("PRAGMA user_version = 999;");

    assertThatThrownBy(() -> SqliteStore.open(dbFile()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("999");
  }

  private static Instant utc(String timeOnApril8) {
    return Instant.parse("2026-04-08T" + timeOnApril8 + "Z");
  }

  private void runScript(String script) throws SQLException {
    // sqlite-jdbc runs only the first statement of a string, so run them one by one.
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String sql : script.split(";\\s*\n")) {
        if (!sql.isBlank()) {
          s.execute(sql);
        }
      }
    }
  }

  private int userVersion() throws SQLException {
    return queryInt("PRAGMA user_version");
  }

  private int count(String table) throws SQLException {
    return queryInt("SELECT COUNT(*) FROM " + table);
  }

  private int queryInt(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getInt(1);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dbFile());
  }
}
