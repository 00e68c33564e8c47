package dev.slmmesh.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The reading half of a {@link Database}: what a table class that must not write its rows itself is
 * given ({@link PeerTable}, whose writes go through {@link PeerWrites}).
 */
interface SqlReads {
  /** Reads one row; must not advance the result set. */
  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  <T> List<T> query(String operation, String sql, RowMapper<T> mapper, @Nullable Object... params);

  <T> Optional<T> queryOne(
      String operation, String sql, RowMapper<T> mapper, @Nullable Object... params);

  /** True if the calling thread is inside a transaction (its own or a group commit it runs). */
  boolean inTransaction();

  /** Throws IllegalStateException once the database is closed. */
  void checkOpen();
}
