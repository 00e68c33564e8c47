package dev.slmmesh.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The embedded SQLite {@link Store}: one writer connection in WAL mode, files readable by the owner
 * only, and a WAL kept bounded by SQLite's automatic checkpoints plus a truncating checkpoint in
 * {@link #maintain} and {@link #close}. Thread-safe; callers serialize on the one connection. Open
 * with {@link #open(Path)} (or {@link #inMemory()} in tests) and close it.
 */
public final class SqliteStore extends JdbcStore {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);

  private final SqliteDialect dialect;
  private final @Nullable DatabaseFiles files;
  private final String label;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SqliteStore(
      Database db, Sql sql, SqliteDialect dialect, @Nullable DatabaseFiles files, String label) {
    super(db, sql);
    this.dialect = dialect;
    this.files = files;
    this.label = label;
  }

  /**
   * Opens (creating it with mode 0600 if absent) the database at {@code dbFile}, whose directory
   * must exist, and migrates it to the current schema, including a database of the original SLM
   * Mesh.
   *
   * @throws StoreException if the file cannot be created, opened or used in WAL mode
   * @throws IllegalStateException if a newer build has already migrated the database
   */
  public static SqliteStore open(Path dbFile) {
    DatabaseFiles files = new DatabaseFiles(dbFile);
    Path path = files.database();
    StoreCheck.emptiedStore(path);
    files.createPrivate();
    SqliteNative.prepare(files.nativeDir());
    SqliteStore store;
    try {
      store = connect("jdbc:sqlite:" + path, new SqliteDialect(true), files, path.toString());
    } catch (StoreException e) {
      if (e.kind() == StoreException.Kind.CORRUPT) {
        throw StoreCheck.setAside(files, e, Instant.now());
      }
      throw e;
    }
    StoreCheck.markCreated(path, Instant.now());
    try {
      files.tighten();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  /** A private database that lives as long as the store: for tests. */
  public static SqliteStore inMemory() {
    return connect("jdbc:sqlite::memory:", new SqliteDialect(false), null, ":memory:");
  }

  private static SqliteStore connect(
      String url, SqliteDialect dialect, @Nullable DatabaseFiles files, String label) {
    Database db = new Database(connection(url, label), dialect);
    try {
      db.withConnection(
          "configure " + label,
          connection -> {
            dialect.configure(connection);
            return null;
          });
      if (files != null) {
        checkIntegrity(db, label);
      }
      Sql sql = new Sql(dialect);
      new Migrations(db, new Schema(dialect), new LegacyImport(sql)).apply();
      return new SqliteStore(db, sql, dialect, files, label);
    } catch (RuntimeException e) {
      closeAfterFailure(db, e);
      throw e;
    }
  }

  /** {@code quick_check} at start: a damaged file is refused before anything reads or writes it. */
  private static void checkIntegrity(Database db, String label) {
    long start = System.nanoTime();
    Optional<String> damage =
        db.withConnection("integrity check of " + label, StoreCheck::quickCheck);
    LOG.debug("quick_check of {} took {} ms", label, (System.nanoTime() - start) / 1_000_000);
    if (damage.isPresent()) {
      throw new StoreException(
          "quick_check found: " + damage.get(),
          new java.sql.SQLException(damage.get()),
          StoreException.Kind.CORRUPT);
    }
  }

  private static Connection connection(String url, String label) {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(SqliteDialect.BUSY_TIMEOUT_MILLIS);
    // We never read generated keys; without this the driver queries them after every insert.
    config.setGetGeneratedKeys(false);
    try {
      return config.createConnection(url);
    } catch (SQLException e) {
      throw new StoreException(
          "SQLite open " + label + " failed: " + e.getMessage(),
          e,
          new SqliteDialect(false).failureKind(e));
    }
  }

  private static void closeAfterFailure(Database db, RuntimeException failure) {
    try {
      db.close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Checkpoints the WAL into the database and truncates it, then re-applies mode 0600. Call it
   * periodically (the daemon does every 30 s); not inside {@link #atomically}.
   */
  @Override
  public void maintain() {
    flushDeferred();
    checkpoint();
    if (files != null) {
      files.tighten();
    }
  }

  private void checkpoint() {
    boolean complete = database().withIdleConnection("checkpoint " + label, dialect::checkpoint);
    if (!complete) {
      LOG.warn("WAL checkpoint of {} incomplete: another connection is reading it", label);
    }
  }

  /** Checkpoints (truncating the WAL) and closes the connection; later calls do nothing. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    try {
      flushDeferred();
      checkpoint();
    } catch (RuntimeException e) {
      // Closing must still release the connection; SQLite replays the WAL on the next open.
      LOG.warn("Final WAL checkpoint of {} failed; closing anyway", label, e);
    }
    database().close();
  }
}
