package dev.slmmesh.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Store} on a PostgreSQL database ({@code SLM_MESH_STORE=postgresql://...}): the same
 * tables, statements and migrations as SQLite through {@link PostgresDialect}. Its one working
 * connection comes from a HikariCP pool, which validates it and replaces it after the server or
 * the network dropped it ({@link Database} asks for a new one before the next transaction; the
 * one that was open is rolled back by the server, so nothing is half-written). Migrations run
 * under an advisory lock, so that hubs starting together migrate the database once.
 */
public final class PostgresStore extends JdbcStore {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);
  /** Advisory lock key of schema migrations ("SLMMESH1" as a number). */
  static final long MIGRATION_LOCK = 0x534C4D4D45534831L;
  /**
   * Advisory lock key held by the one broker that uses the database ("SLMMESH2"). Each broker keeps
   * peers and credential hashes in memory ({@code PeerCache}), so a second broker on the same
   * database would act on stale rows; it is refused until brokers share a database safely.
   */
  static final long BROKER_LOCK = 0x534C4D4D45534832L;
  /** How long a pooled connection is waited for after the working one was lost. */
  static final long POOL_WAIT_MILLIS = 5_000;

  private final HikariDataSource pool;
  private final PostgresTarget target;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PostgresStore(Database db, Sql sql, HikariDataSource pool, PostgresTarget target) {
    super(db, sql);
    this.pool = pool;
    this.target = target;
  }

  /**
   * Connects (retrying an unreachable server for {@link PostgresTarget#connectWait}) and migrates
   * the database to the current schema.
   *
   * @throws StoreException naming the setting if the server cannot be reached or refuses the login
   * @throws IllegalStateException naming the setting if a newer build has migrated the database or
   *     it holds tables that are not SLM Mesh's
   */
  public static PostgresStore open(PostgresTarget target) {
    return open(target, PostgresConnector.real());
  }

  static PostgresStore open(PostgresTarget target, PostgresConnector connector) {
    PostgresDialect dialect = new PostgresDialect();
    Connection first = connector.connect(target);
    closeQuietly(first); // it proved the settings; the pool makes the ones we keep
    HikariDataSource pool = pool(target);
    Database db;
    try {
      db = new Database(owned(pool, dialect, target), () -> owned(pool, dialect, target), dialect);
    } catch (SQLException e) {
      pool.close();
      throw new StoreException(target.setting() + ": cannot open a pooled connection: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    try {
      Sql sql = new Sql(dialect);
      migrate(db, dialect, sql, target);
      LOG.info("Store on {}", target.setting());
      return new PostgresStore(db, sql, pool, target);
    } catch (RuntimeException e) {
      try {
        db.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      pool.close();
      throw e;
    }
  }

  private static HikariDataSource pool(PostgresTarget target) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("slm-mesh-postgresql");
    config.setJdbcUrl(target.jdbcUrl());
    config.setDataSourceProperties(PostgresConnector.properties(target));
    config.setUsername(target.user());
    if (target.password() != null) {
      config.setPassword(target.password());
    }
    // One working connection plus one kept ready (and validated) to replace it at once.
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(POOL_WAIT_MILLIS);
    return new HikariDataSource(config);
  }

  private static Connection configured(HikariDataSource pool, Dialect dialect) throws SQLException {
    Connection connection = pool.getConnection();
    try {
      dialect.configure(connection);
      return connection;
    } catch (SQLException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  /**
   * A configured connection that holds {@link #BROKER_LOCK} (a session lock: it goes with the
   * connection, so a new connection after a lost one takes it again).
   */
  private static Connection owned(HikariDataSource pool, Dialect dialect, PostgresTarget target)
      throws SQLException {
    Connection connection = configured(pool, dialect);
    boolean locked;
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT pg_try_advisory_lock(" + BROKER_LOCK + ")")) {
      locked = row.next() && row.getBoolean(1);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw e;
    }
    if (!locked) {
      closeQuietly(connection);
      throw new IllegalStateException(target.setting() + ": another SLM Mesh broker is using this"
          + " database; one broker per database (stop the other, or give this one a database of"
          + " its own)");
    }
    return connection;
  }

  private static void migrate(Database db, PostgresDialect dialect, Sql sql, PostgresTarget target) {
    db.withConnection("lock schema", c -> run(c, "SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")"));
    try {
      int version = db.withConnection("read schema version", dialect::schemaVersion);
      if (version == 0) {
        long tables = db.withConnection("count tables", c -> count(c, "SELECT COUNT(*) FROM pg_tables"
            + " WHERE schemaname = current_schema()"));
        if (tables > 0) {
          throw new IllegalStateException("the database holds " + tables + " table(s)"
              + " that are not SLM Mesh's; give the mesh a database of its own (docs/team.md)");
        }
      }
      new Migrations(db, new Schema(dialect), new LegacyImport(sql)).apply();
    } catch (IllegalStateException e) {
      throw new IllegalStateException(target.setting() + ": " + e.getMessage(), e);
    } finally {
      db.withConnection("unlock schema", c -> run(c, "SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")"));
    }
  }

  private static boolean run(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      return statement.execute(sql);
    }
  }

  private static long count(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      return row.next() ? row.getLong(1) : 0;
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.debug("closing a connection failed", e);
    }
  }

  /**
   * PostgreSQL's autovacuum keeps the tables in shape, so this only writes what was deferred; like
   * SQLite's, not inside {@link #atomically}.
   */
  @Override
  public void maintain() {
    if (database().inTransaction()) {
      throw new IllegalStateException("maintain cannot run inside atomically()");
    }
    flushDeferred();
  }

  /** Writes what was deferred, returns the connection and closes the pool; later calls do nothing. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    try {
      flushDeferred();
    } catch (RuntimeException e) {
      LOG.warn("Final write of deferred marks to {} failed; closing anyway", target.setting(), e);
    }
    try {
      database().close();
    } finally {
      pool.close();
    }
  }
}
