package dev.slmmesh.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection of a {@link Database} and its cached statements: replaced by a new one from the
 * source once the engine reports it lost (a server's), and the place where every {@link
 * SQLException} becomes a {@link StoreException} naming the operation. Used only under the
 * database's lock.
 */
final class JdbcLink {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcLink.class);

  /** Gives a new, configured connection after the current one was lost (a server's). */
  interface ConnectionSource {
    Connection open() throws SQLException;
  }

  private final ConnectionSource source;
  private final Dialect dialect;
  private Connection connection;
  private Statements statements;
  private boolean lost;

  JdbcLink(Connection first, ConnectionSource source, Dialect dialect) {
    this.connection = first;
    this.source = source;
    this.dialect = dialect;
    this.statements = new Statements(first, dialect);
  }

  Connection connection() {
    return connection;
  }

  Statements statements() {
    return statements;
  }

  /**
   * Outside a transaction: replaces a lost connection (and its statements) by a new one from the
   * source. A failure leaves the connection marked lost for the next try.
   */
  void reconnectIfLost() {
    if (!lost) {
      return;
    }
    Statements.closeQuietly(connection, statements.closeAll());
    try {
      connection = source.open();
    } catch (SQLException e) {
      throw new StoreException(dialect.name() + " reconnect failed: " + e.getMessage(), e);
    }
    statements = new Statements(connection, dialect);
    lost = false;
    LOG.warn("{} connection was lost; connected again", dialect.name());
  }

  /**
   * The failure of {@code operation} as callers see it. The cached statement of {@code sql} is
   * dropped: after some failures (SQLITE_FULL in a COMMIT) the driver leaves it unusable
   * ("statement is not executing"), and a fresh one costs only a prepare. A lost connection is
   * replaced before the next transaction (the server rolls back the one left open).
   */
  StoreException failure(String operation, @Nullable String sql, SQLException e) {
    if (sql != null) {
      statements.evict(sql);
    }
    if (dialect.connectionLost(e)) {
      lost = true;
      return new StoreException(
          dialect.name()
              + " "
              + operation
              + " failed, connection lost (the server rolls back"
              + " a transaction left open; the store reconnects for the next one): "
              + e.getMessage(),
          e,
          dialect.failureKind(e));
    }
    return new StoreException(
        dialect.name() + " " + operation + " failed: " + e.getMessage(), e, dialect.failureKind(e));
  }

  static List<String> rollbackTo(String savepoint) {
    // ROLLBACK TO leaves the savepoint open; RELEASE removes it.
    return List.of("ROLLBACK TO SAVEPOINT " + savepoint, "RELEASE SAVEPOINT " + savepoint);
  }

  /** Best effort: the original failure is what the caller must see, so undo errors are attached. */
  void undo(List<String> statementsToRun, Throwable failure) {
    for (String sql : statementsToRun) {
      try {
        statements.prepare(sql).execute();
      } catch (SQLException e) {
        statements.evict(sql);
        failure.addSuppressed(e);
      }
    }
  }

  /** Closes the cached statements and the connection. */
  void close() {
    @Nullable SQLException failure = statements.closeAll();
    failure = Statements.closeQuietly(connection, failure);
    if (failure != null) {
      throw new StoreException(dialect.name() + " close failed: " + failure.getMessage(), failure);
    }
  }
}
