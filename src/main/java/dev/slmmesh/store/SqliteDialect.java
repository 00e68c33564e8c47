package dev.slmmesh.store;

import dev.slmmesh.wire.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * SQLite specifics: rowid sequences (with or without {@code AUTOINCREMENT}), {@code WITHOUT ROWID}
 * tables, {@code ON CONFLICT} upserts, list parameters passed as one JSON array (so no list ever
 * meets SQLite's bound-variable limit), and the pragmas of a WAL database shared by one writer
 * connection.
 */
final class SqliteDialect implements Dialect {

  /** How long a statement waits for another process's lock before failing with SQLITE_BUSY. */
  static final int BUSY_TIMEOUT_MILLIS = 5000;

  /** WAL pages after which a commit checkpoints; at 4 KiB pages 32 MiB, half the size limit. */
  static final int AUTOCHECKPOINT_PAGES = 8000;

  /** Above this the -wal file is truncated back after a checkpoint (as in the original). */
  private static final long JOURNAL_SIZE_LIMIT_BYTES = 64L * 1024 * 1024;

  /**
   * The page cache's bound, in KiB (a negative {@code cache_size}): 512 instead of SQLite's 2,000.
   * The broker's one connection keeps at most this much of the database in its own memory; the rest
   * is a read from the operating system's page cache. After 10,000 messages the default kept the
   * whole 2 MiB, and this bound 1.5 MiB less of the broker's RSS, at the same broker CPU per {@code
   * /send}, {@code /state} and {@code /lock} (docs/performance.md, "Broker memory").
   */
  static final int CACHE_KIB = 512;

  private static final List<String> SESSION_PRAGMAS =
      List.of(
          // First, so that switching the journal mode waits for another process's lock.
          "PRAGMA busy_timeout=" + BUSY_TIMEOUT_MILLIS,
          "PRAGMA synchronous=NORMAL",
          "PRAGMA foreign_keys=ON",
          "PRAGMA temp_store=MEMORY",
          "PRAGMA cache_size=-" + CACHE_KIB,
          "PRAGMA journal_size_limit=" + JOURNAL_SIZE_LIMIT_BYTES,
          // Never off (the original turned it off and saw 1.5 GiB WALs), but 8000 pages (32 MiB)
          // instead of SQLite's 1000: the commit that crosses the mark runs the checkpoint and its
          // fsync, so at 1000 about one write in 80 waited milliseconds (docs/performance.md).
          "PRAGMA wal_autocheckpoint=" + AUTOCHECKPOINT_PAGES);

  private final boolean requireWal;

  /** {@code requireWal} is false only for in-memory databases, which cannot use a WAL. */
  SqliteDialect(boolean requireWal) {
    this.requireWal = requireWal;
  }

  @Override
  public String name() {
    return "SQLite";
  }

  @Override
  public String sequenceColumn() {
    // AUTOINCREMENT: a sequence value is never reused, even after the newest row is deleted.
    return "seq INTEGER PRIMARY KEY AUTOINCREMENT";
  }

  @Override
  public String rowSequenceColumn() {
    // The rowid alias: a new row gets the largest seq plus one. Unlike AUTOINCREMENT, no
    // sqlite_sequence row is written per insert (one b-tree page less in every commit).
    return "seq INTEGER PRIMARY KEY";
  }

  @Override
  public String keyOrderedTable() {
    return " WITHOUT ROWID";
  }

  @Override
  public String filterOnly(String column) {
    // Unary plus is SQLite's documented way to keep a term from choosing an index.
    return "+" + column;
  }

  @Override
  public String int64Type() {
    return "INTEGER";
  }

  @Override
  public String upsert(String table, List<String> columns, List<String> keys) {
    List<String> updates = new ArrayList<>();
    for (String column : columns) {
      if (!keys.contains(column)) {
        updates.add(column + " = excluded." + column);
      }
    }
    return "INSERT INTO "
        + table
        + " ("
        + String.join(", ", columns)
        + ") VALUES ("
        + String.join(", ", Collections.nCopies(columns.size(), "?"))
        + ") ON CONFLICT ("
        + String.join(", ", keys)
        + ") DO UPDATE SET "
        + String.join(", ", updates);
  }

  @Override
  public String greater(String a, String b) {
    return "MAX(" + a + ", " + b + ")"; // SQLite's scalar max of its arguments
  }

  @Override
  public String inList(String column) {
    return column + " IN (SELECT value FROM json_each(?))";
  }

  @Override
  public String zippedLists(String alias, String first, String second) {
    // one pass over the first list; the second is indexed by position (SQLite caches its parse)
    return "(SELECT a.value AS "
        + first
        + ", ?2 ->> a.key AS "
        + second
        + " FROM json_each(?1) AS a) AS "
        + alias;
  }

  @Override
  public void bindList(PreparedStatement statement, int index, Collection<String> values)
      throws SQLException {
    statement.setString(index, Json.write(List.copyOf(values)));
  }

  /** SQLite's primary result codes (the low byte of an extended code). */
  private static final int SQLITE_READONLY = 8;

  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_FULL = 13;
  private static final int SQLITE_NOTADB = 26;

  @Override
  public StoreException.Kind failureKind(SQLException failure) {
    switch (failure.getErrorCode() & 0xff) {
      case SQLITE_FULL:
        return StoreException.Kind.FULL;
      case SQLITE_READONLY:
        return StoreException.Kind.READ_ONLY;
      case SQLITE_CORRUPT:
      case SQLITE_NOTADB:
        return StoreException.Kind.CORRUPT;
      default:
        return StoreException.Kind.OTHER;
    }
  }

  @Override
  public boolean failedStatementKeepsTransaction() {
    // A constraint failure undoes only its statement (the default ABORT resolution); the errors
    // that do end the transaction (disk full, I/O) make the batch's COMMIT fail for every write.
    return true;
  }

  @Override
  public String beginTransaction() {
    // IMMEDIATE takes the write lock up front: a deferred transaction that reads and then writes
    // fails at once with SQLITE_BUSY_SNAPSHOT if another process wrote in between.
    return "BEGIN IMMEDIATE";
  }

  @Override
  public void configure(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(SESSION_PRAGMAS.get(0));
      if (requireWal) {
        // One process owns the database (the data directory's lock), so it keeps SQLite's file
        // lock from its first write until it closes: no fcntl lock calls per transaction, and
        // the WAL index lives in memory instead of a shared -shm mapping. Set before the first
        // access (the journal mode query below), as SQLite requires for that. Other processes
        // cannot read the file while the broker has it open.
        statement.execute("PRAGMA locking_mode=EXCLUSIVE");
      }
      String mode = journalMode(statement);
      if (requireWal && !"wal".equals(mode)) {
        throw new SQLException("journal_mode is '" + mode + "', expected 'wal'");
      }
      for (String pragma : SESSION_PRAGMAS.subList(1, SESSION_PRAGMAS.size())) {
        statement.execute(pragma);
      }
    }
  }

  private static String journalMode(Statement statement) throws SQLException {
    try (ResultSet row = statement.executeQuery("PRAGMA journal_mode=WAL")) {
      return row.next() ? row.getString(1).toLowerCase(Locale.ROOT) : "";
    }
  }

  /**
   * Copies the whole WAL into the database and truncates it to zero bytes. Returns false if another
   * connection's read kept it from completing; the WAL is then bounded by the next one.
   */
  boolean checkpoint(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
      return !row.next() || row.getInt(1) == 0;
    }
  }

  @Override
  public int schemaVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("PRAGMA user_version")) {
      return row.next() ? row.getInt(1) : 0;
    }
  }

  @Override
  public void setSchemaVersion(Connection connection, int version) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      // PRAGMA takes no bound parameters; version is an int, so concatenation is safe.
      statement.execute("PRAGMA user_version = " + version);
    }
  }
}
