package dev.slmmesh.store;

import dev.slmmesh.wire.StateEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Shared key-value state: flat (namespace, key) to string, last writer wins. */
final class StateTable implements StateStore {
  private final Database db;
  private final Sql sql;

  StateTable(Database db, Sql sql) {
    this.db = db;
    this.sql = sql;
  }

  @Override
  public Optional<StateEntry> get(String namespace, String key) {
    return db.queryOne("getState", sql.getState, StateTable::map, namespace, key);
  }

  /** Returns the entry as stored, its time cut to whole milliseconds. */
  @Override
  public StateEntry put(StateEntry e) {
    db.update(
        "putState", sql.putState, e.namespace(), e.key(), e.value(), e.updatedBy(), e.updatedAt());
    return new StateEntry(
        e.key(), e.namespace(), e.value(), e.updatedBy(), Millis.stored(e.updatedAt()));
  }

  /** Ordered by key, so listings are stable (the original's order was unspecified). */
  @Override
  public List<StateEntry> list(String namespace) {
    return db.query("listState", sql.listState, StateTable::map, namespace);
  }

  /** Every namespace's entries, by namespace then key, at most {@code limit}. */
  @Override
  public List<StateEntry> all(int limit) {
    return db.query("allState", sql.allState, StateTable::map, limit);
  }

  @Override
  public boolean delete(String namespace, String key) {
    return db.update("deleteState", sql.deleteState, namespace, key) > 0;
  }

  private static StateEntry map(ResultSet row) throws SQLException {
    return new StateEntry(
        row.getString("key"),
        row.getString("namespace"),
        row.getString("value"),
        row.getString("updated_by"),
        Millis.read(row, "updated_at"));
  }
}
