package dev.slmmesh.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.slmmesh.wire.Message;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Store} on a PostgreSQL database ({@code SLM_MESH_STORE=postgresql://...}): the same
 * tables, statements and migrations as SQLite through {@link PostgresDialect}. Several brokers may
 * share one database: peers are read from the rows (no per-broker cache), a lock path is decided by
 * one transaction at a time, housekeeping runs on one broker at a time, and every broker keeps time
 * by the database server's clock ({@link #clock}). Its one working connection comes from a HikariCP
 * pool, which validates it and replaces it after the server or the network dropped it ({@link
 * Database} asks for a new one before the next transaction; the one that was open is rolled back by
 * the server, so nothing is half-written). Migrations run under an advisory lock, so that hubs
 * starting together migrate the database once.
 */
public final class PostgresStore extends JdbcStore {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);

  /** Advisory lock key of schema migrations ("SLMMESH1" as a number). */
  static final long MIGRATION_LOCK = 0x534C4D4D45534831L;

  /** Advisory lock key of housekeeping, held by one broker at a time ("SLMMESH2"). */
  static final long HOUSEKEEPING_LOCK = 0x534C4D4D45534832L;

  /** How long a pooled connection is waited for after the working one was lost. */
  static final long POOL_WAIT_MILLIS = 5_000;

  /** The database server's time in epoch milliseconds. */
  static final String SERVER_MILLIS =
      "SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

  private final HikariDataSource pool;
  private final PostgresTarget target;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile @Nullable PostgresChannel channel;

  /** The database server's clock minus this machine's, as last measured. */
  private volatile long clockOffsetMillis;

  private PostgresStore(Database db, Sql sql, HikariDataSource pool, PostgresTarget target) {
    super(db, sql, true);
    this.pool = pool;
    this.target = target;
    measureClock();
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
      db = new Database(configured(pool, dialect), () -> configured(pool, dialect), dialect);
    } catch (SQLException e) {
      pool.close();
      throw new StoreException(
          target.setting() + ": cannot open a pooled connection: " + e.getMessage(), e);
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
    config.setMaximumPoolSize(3); // and one for the channel's notes
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

  private static void migrate(
      Database db, PostgresDialect dialect, Sql sql, PostgresTarget target) {
    db.withConnection(
        "lock schema", c -> run(c, "SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")"));
    try {
      int version = db.withConnection("read schema version", dialect::schemaVersion);
      if (version == 0) {
        long tables =
            db.withConnection(
                "count tables",
                c ->
                    count(
                        c,
                        "SELECT COUNT(*) FROM pg_tables" + " WHERE schemaname = current_schema()"));
        if (tables > 0) {
          throw new IllegalStateException(
              "the database holds "
                  + tables
                  + " table(s)"
                  + " that are not SLM Mesh's; give the mesh a database of its own (docs/team.md)");
        }
      }
      new Migrations(db, new Schema(dialect), new LegacyImport(sql)).apply();
    } catch (IllegalStateException e) {
      throw new IllegalStateException(target.setting() + ": " + e.getMessage(), e);
    } finally {
      db.withConnection(
          "unlock schema", c -> run(c, "SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")"));
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
   * Runs {@code work} holding a session advisory lock that other brokers on the database only try
   * for: while one broker sweeps (reaps peers, prunes), the others skip their turn.
   */
  @Override
  public boolean housekeeping(Runnable work) {
    String lock = "SELECT pg_try_advisory_lock(" + HOUSEKEEPING_LOCK + ")";
    boolean mine =
        database()
            .withConnection(
                "housekeeping lock",
                c -> {
                  try (Statement s = c.createStatement();
                      ResultSet row = s.executeQuery(lock)) {
                    return row.next() && row.getBoolean(1);
                  }
                });
    if (!mine) {
      return false;
    }
    try {
      work.run();
      return true;
    } finally {
      database()
          .withConnection(
              "housekeeping unlock",
              c -> run(c, "SELECT pg_advisory_unlock(" + HOUSEKEEPING_LOCK + ")"));
    }
  }

  /**
   * The database server's clock (in {@code local}'s zone): this machine's clock plus the offset
   * measured at open and at every {@link #maintain}, so that brokers on machines whose clocks
   * differ agree on lock expiry, staleness and message times.
   */
  @Override
  public Clock clock(Clock local) {
    return new OffsetClock(Clock.system(local.getZone()), () -> clockOffsetMillis);
  }

  @Override
  public synchronized Optional<StoreChannel> openChannel() {
    if (channel == null) {
      channel = new PostgresChannel(pool, target);
    }
    return Optional.of(channel);
  }

  /** Each recipient once, in order: the other brokers push to the recipients they serve. */
  @Override
  void announce(List<Message> batch) {
    PostgresChannel open = channel;
    if (open == null) {
      return;
    }
    Set<String> recipients = new LinkedHashSet<>();
    batch.forEach(m -> recipients.add(m.toPeer()));
    afterCommit(() -> recipients.forEach(peer -> open.publish(StoreChannel.MESSAGES + " " + peer)));
  }

  private void measureClock() {
    long before = System.currentTimeMillis();
    long server =
        database().queryOne("database clock", SERVER_MILLIS, row -> row.getLong(1)).orElseThrow();
    long after = System.currentTimeMillis();
    clockOffsetMillis = server - (before + after) / 2;
  }

  /**
   * PostgreSQL's autovacuum keeps the tables in shape, so this writes what was deferred and
   * measures the server's clock again; like SQLite's, not inside {@link #atomically}.
   */
  @Override
  public void maintain() {
    if (database().inTransaction()) {
      throw new IllegalStateException("maintain cannot run inside atomically()");
    }
    flushDeferred();
    measureClock();
  }

  /**
   * Writes what was deferred, returns the connection and closes the pool; later calls do nothing.
   */
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
    PostgresChannel open = channel;
    if (open != null) {
      open.close();
    }
    try {
      database().close();
    } finally {
      pool.close();
    }
  }
}
