package dev.slmmesh.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.wire.Event;
import dev.slmmesh.wire.Lock;
import dev.slmmesh.wire.Message;
import dev.slmmesh.wire.StateEntry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * Schema versions: a fresh database, reopening, a newer one, and a database written by the original
 * SLM Mesh (schema text and timestamp formats of the original's behaviour).
 */
final class SqliteMigrationTest {
  private static final int LATEST = 107;

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

  /** Rows as version 103 wrote them (1775644320000 is 10:32:00 on April 8), seqs 3 to 7. */
  private static final String V103_ROWS =
      """
      INSERT INTO peers (id, name, pid, project_path, agent_type, summary, started_at,
        last_heartbeat, status, acknowledges, machine_id, machine_name) VALUES ('p2', 'peer-p2',
        7, '/w', 'cursor', '', 1775644320000, 1775644320000, 'active', 1, 'm-1', 'box');
      INSERT INTO peer_credentials VALUES ('p2', 'hash');
      INSERT INTO messages (id, from_peer, to_peer, type, payload, created_at, read_at, delivered)
        VALUES ('m3', 'p1', 'p2', 'text', 'three', 1775644320001, NULL, 1),
        ('gone', 'p1', 'p2', 'text', 'deleted', 1775644320002, NULL, 0),
        ('m4', 'p3', 'p2', 'json', '{}', 1775644320003, NULL, 0),
        ('m5', 'p1', 'p9', 'text', 'elsewhere', 1775644320004, NULL, 0),
        ('newest', 'p1', 'p2', 'text', 'deleted newest', 1775644320005, NULL, 0);
      DELETE FROM messages WHERE id IN ('gone', 'newest');
      INSERT INTO events (id, type, payload, emitted_by, created_at) VALUES
        ('e3', 'message_received', '{}', 'p1', 1775644320001),
        ('e4', 'peer_left', '{}', 'p1', 1775644320001);
      INSERT INTO state (namespace, key, value, updated_by, updated_at) VALUES
        ('team', 'k', 'v', 'p2', 1775644320000);
      INSERT INTO locks VALUES ('/src/b.ts', 'p2', 1775644320000, 1775644920000, 'editing');
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
      assertThat(store.state().get("default", "db_version"))
          .contains(new StateEntry("db_version", "default", "42", "p1", utc("10:30:01")));
      assertThat(store.state().get("team", "api_url"))
          .contains(new StateEntry("api_url", "team", "http://x", "p2", utc("10:30:02.500")));
      assertThat(store.state().get("default", "odd"))
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
      assertThat(store.messages().takeInbox(new InboxQuery("p2", false, null, 10), Instant.EPOCH))
          .containsExactly(read, unread);
      assertThat(store.stats(Instant.EPOCH).messagesTotal()).isEqualTo(2);
      assertThat(store.events().read(new EventQuery(List.of(), null, 10)))
          .extracting(Event::id)
          .containsExactly("e2", "e1");
    }
  }

  @Test
  void setsAsideTheOriginalsPeersAndLocks() throws SQLException {
    runScript(ORIGINAL_SCHEMA + ORIGINAL_ROWS);

    try (Store store = SqliteStore.open(dbFile())) {
      assertThat(store.peers().listActive(PeerQuery.ALL)).isEmpty();
      assertThat(store.locks().active(null, utc("10:31:00"))).isEmpty();
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
      assertThat(store.state().get("default", "k")).isEmpty();
    }
    assertThat(count("legacy_state")).isEqualTo(1);
  }

  @Test
  void slimmingAVersion103DatabaseKeepsEveryRowItsSeqAndTheOrders() throws SQLException {
    runScript(ORIGINAL_SCHEMA + ORIGINAL_ROWS);
    migrateTo(103);
    runScript(V103_ROWS);
    List<String> rowsBefore = allRows();
    List<String> untouchedSchema = schemaOtherThan(SLIMMED);

    SqliteStore.open(dbFile()).close();

    assertThat(userVersion()).isEqualTo(LATEST);
    assertThat(allRows()).isEqualTo(rowsBefore);
    // expired_messages is new in 106; everything else outside the slimmed tables is as it was
    List<String> slimmedOrNew = new ArrayList<>(SLIMMED);
    slimmedOrNew.add("expired_messages");
    assertThat(schemaOtherThan(slimmedOrNew)).isEqualTo(untouchedSchema);
    assertThat(texts("SELECT seq || ' ' || id FROM messages ORDER BY seq"))
        .containsExactly("1 m1", "2 m2", "3 m3", "5 m4", "6 m5");
  }

  @Test
  void aSlimmedVersion103DatabaseReadsInTheSameOrders() throws SQLException {
    runScript(ORIGINAL_SCHEMA + ORIGINAL_ROWS);
    migrateTo(103);
    runScript(V103_ROWS);

    try (Store store = SqliteStore.open(dbFile())) {
      assertThat(StoreFixtures.ids(store.messages().pendingFor("p2", 10)))
          .containsExactly("m1", "m4");
      // the deleted newest row's seq (7) is given again, and still sorts after every kept row
      Message after = StoreFixtures.message("after", "p1", "p2", utc("10:32:00.006"));
      store.messages().insert(List.of(after));
      assertThat(StoreFixtures.ids(store.messages().pendingFor("p2", 10)))
          .containsExactly("m1", "m4", "after");
      assertThat(store.events().read(new EventQuery(List.of(), null, 10)))
          .extracting(Event::id)
          .containsExactly("e4", "e3", "e2", "e1");
      List<Message> inbox =
          store.messages().takeInbox(new InboxQuery("p2", false, null, 10), utc("10:40:00"));
      assertThat(StoreFixtures.ids(inbox)).containsExactly("after", "m4", "m3", "m2", "m1");
      assertThat(store.state().get("team", "k")).isPresent();
      assertThat(store.locks().active(null, utc("10:33:00")))
          .extracting(Lock::filePath)
          .containsExactly("/src/b.ts");
      assertThat(store.peers().credentialHash("p2")).contains("hash");
    }
    assertThat(texts("SELECT seq FROM messages WHERE id = 'after'")).containsExactly("7");
  }

  @Test
  void version105TakesDeliveryOffTheRecipientIndexAndKeepsPendingAndInboxOrders()
      throws SQLException {
    migrateTo(104);
    runScript(
        """
        INSERT INTO messages (id, from_peer, to_peer, type, payload, created_at, read_at, delivered)
          VALUES ('d1', 'p1', 'p2', 'text', 'delivered', 1775644320001, NULL, 1),
          ('q1', 'p1', 'p2', 'text', 'queued', 1775644320002, NULL, 0),
          ('r1', 'p1', 'p2', 'text', 'read', 1775644320003, 1775644320009, 1),
          ('q2', 'p3', 'p2', 'text', 'queued too', 1775644320004, NULL, 0),
          ('x1', 'p1', 'p9', 'text', 'elsewhere', 1775644320005, NULL, 0);
        """);
    List<String> rowsBefore = allRows();

    try (Store store = SqliteStore.open(dbFile())) {
      assertThat(StoreFixtures.ids(store.messages().pendingFor("p2", 10)))
          .containsExactly("q1", "q2");
      store.messages().markDeliveredLater("p2", List.of("q1"));
      assertThat(StoreFixtures.ids(store.messages().pendingFor("p2", 10))).containsExactly("q2");
      List<Message> unread =
          store.messages().takeInbox(new InboxQuery("p2", true, null, 10), utc("10:40:00"));
      assertThat(StoreFixtures.ids(unread)).containsExactly("q2", "q1", "d1");
    }
    assertThat(userVersion()).isEqualTo(LATEST);
    assertThat(indexesOf("messages"))
        .containsExactly(
            "ix_messages_by_recipient", "ix_messages_undelivered", "sqlite_autoindex_messages_1");
    assertThat(rowsBefore).hasSize(5);
  }

  @Test
  void version107IndexesExactlyThePendingMessagesAndKeepsTheirOrder() throws SQLException {
    migrateTo(106);
    runScript(
        """
        INSERT INTO messages (id, from_peer, to_peer, type, payload, created_at, read_at, delivered)
          VALUES ('d1', 'p1', 'p2', 'text', 'delivered', 1775644320001, NULL, 1),
          ('q1', 'p1', 'p2', 'text', 'queued', 1775644320002, NULL, 0),
          ('r1', 'p1', 'p2', 'text', 'read unpushed', 1775644320003, 1775644320009, 0),
          ('q2', 'p3', 'p2', 'text', 'queued too', 1775644320004, NULL, 0),
          ('x1', 'p1', 'p9', 'text', 'elsewhere', 1775644320005, NULL, 0);
        """);

    try (Store store = SqliteStore.open(dbFile())) {
      assertThat(StoreFixtures.ids(store.messages().pendingFor("p2", 10)))
          .containsExactly("q1", "q2");
      assertThat(store.messages().countUndelivered("p2", 10)).isEqualTo(2);
      store.messages().markDeliveredLater("p2", List.of("q1"));
      assertThat(StoreFixtures.ids(store.messages().pendingFor("p2", 10))).containsExactly("q2");
    }
    assertThat(userVersion()).isEqualTo(LATEST);
    assertThat(
            texts(
                "SELECT id FROM messages INDEXED BY ix_messages_undelivered"
                    + " WHERE delivered = 0 AND read_at IS NULL ORDER BY to_peer, seq"))
        .containsExactly("q2", "x1");
  }

  @Test
  void freshDatabaseHasTheSlimWritePath() throws SQLException {
    SqliteStore.open(dbFile()).close();

    assertThat(texts("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"))
        .containsExactly(
            "events",
            "expired_messages",
            "locks",
            "messages",
            "peer_credentials",
            "peers",
            "sqlite_sequence",
            "state");
    assertThat(indexesOf("messages"))
        .containsExactly(
            "ix_messages_by_recipient", "ix_messages_undelivered", "sqlite_autoindex_messages_1");
    assertThat(indexesOf("events")).containsExactly("ix_events_created");
    assertThat(indexesOf("state")).isEmpty();
    assertThat(indexesOf("locks")).containsExactly("ix_locks_owner");
    assertThat(indexesOf("expired_messages")).containsExactly("ix_expired_at");
    assertThat(
            texts(
                "SELECT sql FROM sqlite_schema WHERE name IN ('state', 'locks', 'expired_messages')"))
        .allSatisfy(sql -> assertThat(sql).endsWith(" WITHOUT ROWID"));
    assertThat(texts("SELECT sql FROM sqlite_schema WHERE name IN ('messages', 'events')"))
        .allSatisfy(sql -> assertThat(sql).doesNotContain("AUTOINCREMENT"));
  }

  @Test
  void refusesADatabaseFromANewerBuild() throws SQLException {
    runScript("PRAGMA user_version = 999;");

    assertThatThrownBy(() -> SqliteStore.open(dbFile()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("999");
  }

  private static final List<String> SLIMMED = List.of("messages", "events", "state", "locks");

  /** Builds the schema of an older version, as a build of that version would have. */
  private void migrateTo(int version) throws SQLException {
    SqliteDialect dialect = new SqliteDialect(true);
    Connection connection = new SQLiteConfig().createConnection("jdbc:sqlite:" + dbFile());
    try (Database db = new Database(connection, dialect)) {
      db.withConnection(
          "configure",
          c -> {
            dialect.configure(c);
            return null;
          });
      Migrations migrations =
          new Migrations(db, new Schema(dialect), new LegacyImport(new Sql(dialect)));
      assertThat(migrations.apply(version)).isEqualTo(version);
    }
  }

  /** Every row of every table, as "table: columns", sorted: seqs included, order left out. */
  private List<String> allRows() throws SQLException {
    List<String> rows = new ArrayList<>();
    for (String table : texts("SELECT name FROM sqlite_schema WHERE type = 'table'")) {
      if (table.equals("sqlite_sequence")) {
        continue;
      }
      try (Connection c = connect();
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT * FROM " + table)) {
        int columns = r.getMetaData().getColumnCount();
        while (r.next()) {
          StringBuilder row = new StringBuilder(table).append(':');
          for (int i = 1; i <= columns; i++) {
            row.append(' ').append(r.getMetaData().getColumnName(i)).append('=');
            row.append(r.getString(i));
          }
          rows.add(row.toString());
        }
      }
    }
    Collections.sort(rows);
    return rows;
  }

  private List<String> schemaOtherThan(List<String> tables) throws SQLException {
    List<String> schema = new ArrayList<>();
    for (String entry :
        texts("SELECT tbl_name || ' ' || name || ' ' || IFNULL(sql, '') FROM sqlite_schema")) {
      if (!tables.contains(entry.substring(0, entry.indexOf(' ')))) {
        schema.add(entry);
      }
    }
    Collections.sort(schema);
    return schema;
  }

  private List<String> indexesOf(String table) throws SQLException {
    return texts(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = '"
            + table
            + "' ORDER BY name");
  }

  private List<String> texts(String sql) throws SQLException {
    List<String> texts = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        texts.add(r.getString(1));
      }
    }
    return texts;
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
