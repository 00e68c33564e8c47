package dev.slmmesh.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The prepared statements of one connection, cached by SQL text for the connection's life, and the
 * binding of {@link Database}'s parameter types. Used only by its database, under its lock.
 */
final class Statements {
  private final Connection connection;
  private final Dialect dialect;
  private final Map<String, PreparedStatement> cache = new HashMap<>();

  Statements(Connection connection, Dialect dialect) {
    this.connection = connection;
    this.dialect = dialect;
  }

  PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = cache.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      cache.put(sql, statement);
    }
    return statement;
  }

  /** Closes and forgets the cached statement of {@code sql}, if any (after it failed). */
  void evict(String sql) {
    PreparedStatement statement = cache.remove(sql);
    if (statement != null) {
      closeQuietly(statement, null);
    }
  }

  /** The cached statement with {@code params} bound in order. */
  PreparedStatement bound(String sql, @Nullable Object[] params) throws SQLException {
    PreparedStatement statement = prepare(sql);
    for (int i = 0; i < params.length; i++) {
      bind(statement, i + 1, params[i]);
    }
    return statement;
  }

  private void bind(PreparedStatement statement, int index, @Nullable Object value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.NULL);
    } else if (value instanceof String text) {
      statement.setString(index, text);
    } else if (value instanceof Instant instant) {
      statement.setLong(index, Millis.of(instant));
    } else if (value instanceof Long || value instanceof Integer) {
      statement.setLong(index, ((Number) value).longValue());
    } else if (value instanceof Boolean flag) {
      statement.setInt(index, flag ? 1 : 0);
    } else if (value instanceof TextList list) {
      dialect.bindList(statement, index, list.values());
    } else {
      throw new IllegalArgumentException(
          "unsupported SQL parameter type " + value.getClass().getName() + " at " + index);
    }
  }

  /** Closes every cached statement; returns the first failure (later ones suppressed in it). */
  @Nullable SQLException closeAll() {
    @Nullable SQLException failure = null;
    for (PreparedStatement statement : cache.values()) {
      failure = closeQuietly(statement, failure);
    }
    cache.clear();
    return failure;
  }

  static @Nullable SQLException closeQuietly(
      AutoCloseable resource, @Nullable SQLException earlier) {
    try {
      resource.close();
      return earlier;
    } catch (Exception e) {
      SQLException failure = e instanceof SQLException sql ? sql : new SQLException(e);
      if (earlier != null) {
        earlier.addSuppressed(failure);
        return earlier;
      }
      return failure;
    }
  }
}
