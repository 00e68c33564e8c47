package dev.slmmesh.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What differs between the SQL engines a {@link JdbcStore} runs on: column types, upsert and
 * list-parameter syntax, session settings, transaction start and where the schema version lives.
 * Everything else in {@link Sql} and {@link Schema} is portable SQL shared by all engines.
 */
interface Dialect {

  /** Engine name for error messages, e.g. {@code SQLite}. */
  String name();

  /**
   * Column definition of a monotonic 64-bit insertion sequence named {@code seq} whose values are
   * never reused, even after the newest row is deleted.
   */
  String sequenceColumn();

  /**
   * Column definition of a 64-bit insertion sequence named {@code seq} that is the row's own key:
   * it grows with each insert, but once the newest row is deleted its value may be given again.
   * Cheaper to write than {@link #sequenceColumn} where the engine keeps that one's high mark in a
   * table of its own.
   */
  String rowSequenceColumn();

  /**
   * Text that ends a {@code CREATE TABLE} so that its rows live in the primary key's b-tree, with
   * no separate row id to index (empty where that is how tables are stored anyway).
   */
  String keyOrderedTable();

  /**
   * {@code column} as an expression that only filters the rows another predicate found, so that the
   * planner does not look them up through a less selective index on {@code column}.
   */
  String filterOnly(String column);

  /** Type of a 64-bit integer column (epoch milliseconds, pids, 0/1 flags). */
  String int64Type();

  /**
   * An insert of {@code columns} (one parameter each, in order) that updates the non-key columns
   * when a row with the same {@code keys} exists.
   */
  String upsert(String table, List<String> columns, List<String> keys);

  /** The larger of two 64-bit integer expressions. */
  String greater(String a, String b);

  /**
   * True if {@code failure} means the connection itself is gone (the server closed it, the network
   * dropped): the transaction on it is lost and the store must connect anew before the next one.
   */
  default boolean connectionLost(SQLException failure) {
    return false;
  }

  /**
   * A query that, run first in a transaction, makes transactions on the same key (bound to its one
   * parameter) from any connection wait for each other until they end; null where one writer
   * serializes every transaction anyway (SQLite).
   */
  default @Nullable String keyLock() {
    return null;
  }

  /** A predicate "{@code column} is one of the strings bound to its single parameter". */
  String inList(String column);

  /**
   * A table {@code alias} of two text columns {@code first} and {@code second}, zipped from the two
   * lists bound to its two parameters (bound with {@link #bindList}, equally long): the row source
   * of a statement that changes one row per pair.
   */
  String zippedLists(String alias, String first, String second);

  /** Binds the values of an {@link #inList} predicate, however many there are. */
  void bindList(PreparedStatement statement, int index, Collection<String> values)
      throws SQLException;

  /** Statement that starts a read-write transaction. */
  String beginTransaction();

  /**
   * True if a statement that fails inside a transaction is undone alone and the transaction goes on
   * (SQLite); false if the failure aborts the transaction (PostgreSQL), so that every write of a
   * group commit needs a savepoint of its own.
   */
  boolean failedStatementKeepsTransaction();

  /**
   * Applies session settings right after connecting, before migrations; fails if one is refused.
   */
  void configure(Connection connection) throws SQLException;

  /** What kind of failure {@code failure} is (a full disk, a read-only file, a damaged one). */
  default StoreException.Kind failureKind(SQLException failure) {
    return StoreException.Kind.OTHER;
  }

  /** The applied schema version, 0 for an empty database. */
  int schemaVersion(Connection connection) throws SQLException;

  /** Records {@code version} inside the current migration's transaction. */
  void setSchemaVersion(Connection connection, int version) throws SQLException;
}
