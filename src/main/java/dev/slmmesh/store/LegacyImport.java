package dev.slmmesh.store;

import dev.slmmesh.wire.Timestamps;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes over a database of the original SLM Mesh (as in the original): its tables are renamed to
 * {@code legacy_<name>} (kept, never written again), then its state, messages and events are copied
 * into our tables with both of its timestamp formats parsed. Peers and locks are not copied: the
 * original drops both on every broker start, so no client expects them to survive. A legacy table
 * that is missing or lacks a column is skipped with a warning, never an error.
 */
final class LegacyImport {
  private static final Logger LOG = LoggerFactory.getLogger(LegacyImport.class);

  private final Sql sql;

  LegacyImport(Sql sql) {
    this.sql = sql;
  }

  /** Migration 100: renames whichever of the original's tables exist. */
  void setAside(Connection connection) throws SQLException {
    List<String> found = new ArrayList<>();
    for (String table : Schema.ORIGINAL_TABLES) {
      if (!columnsOf(connection, table).isEmpty()) {
        found.add(table);
      }
    }
    if (found.isEmpty()) {
      return;
    }
    LOG.info("Found an original SLM Mesh database; renaming its tables {} to legacy_*", found);
    try (Statement statement = connection.createStatement()) {
      for (String table : found) {
        statement.execute(Schema.renameAside(table));
      }
    }
  }

  /** Migration 102: copies state, messages and events from the legacy tables, if any. */
  void copyRows(Connection connection) throws SQLException {
    int state = copy(connection, "state", Schema.LEGACY_STATE, sql.putState, this::bindState);
    int messages =
        copy(connection, "messages", Schema.LEGACY_MESSAGES, sql.insertMessage, this::bindMessage);
    int events = copy(connection, "events", Schema.LEGACY_EVENTS, sql.insertEvent, this::bindEvent);
    if (state + messages + events > 0) {
      LOG.info(
          "Imported {} state entries, {} messages and {} events from the original database",
          state,
          messages,
          events);
    }
  }

  /** Binds one legacy row to the insert; returns false to skip the row. */
  private interface RowCopy {
    boolean bind(ResultSet from, PreparedStatement to) throws SQLException;
  }

  private int copy(Connection connection, String table, String select, String insert, RowCopy copy)
      throws SQLException {
    String legacyTable = Schema.LEGACY_PREFIX + table;
    Set<String> columns = columnsOf(connection, legacyTable);
    if (columns.isEmpty()) {
      return 0;
    }
    if (!columns.containsAll(selectedColumns(select))) {
      LOG.warn("Not importing {}: its columns {} are not the original's", legacyTable, columns);
      return 0;
    }
    int copied = 0;
    try (Statement read = connection.createStatement();
        ResultSet from = read.executeQuery(select);
        PreparedStatement to = connection.prepareStatement(insert)) {
      while (from.next()) {
        if (copy.bind(from, to)) {
          to.executeUpdate();
          copied++;
        }
      }
    }
    return copied;
  }

  private boolean bindState(ResultSet from, PreparedStatement to) throws SQLException {
    to.setString(1, text(from, "namespace"));
    to.setString(2, text(from, "key"));
    to.setString(3, text(from, "value"));
    to.setString(4, text(from, "updated_by"));
    to.setLong(5, Millis.of(instant(from, "updated_at")));
    return true;
  }

  private boolean bindMessage(ResultSet from, PreparedStatement to) throws SQLException {
    String id = text(from, "id");
    to.setString(1, id);
    to.setString(2, text(from, "from_peer"));
    to.setString(3, text(from, "to_peer"));
    to.setString(4, text(from, "type"));
    to.setString(5, text(from, "payload"));
    to.setLong(6, Millis.of(instant(from, "created_at")));
    @Nullable String readAt = from.getString("read_at");
    if (readAt == null) {
      to.setNull(7, Types.NULL);
    } else {
      to.setLong(7, Millis.of(parse(readAt)));
    }
    to.setInt(8, from.getInt("delivered") != 0 ? 1 : 0);
    return !id.isEmpty();
  }

  private boolean bindEvent(ResultSet from, PreparedStatement to) throws SQLException {
    String id = text(from, "id");
    to.setString(1, id);
    to.setString(2, text(from, "type"));
    to.setString(3, text(from, "payload"));
    to.setString(4, text(from, "emitted_by"));
    to.setLong(5, Millis.of(instant(from, "created_at")));
    return !id.isEmpty();
  }

  private static String text(ResultSet row, String column) throws SQLException {
    @Nullable String value = row.getString(column);
    return value == null ? "" : value;
  }

  private static Instant instant(ResultSet row, String column) throws SQLException {
    return parse(text(row, column));
  }

  /** Either of the original's formats; an unreadable time counts as the oldest possible. */
  private static Instant parse(String text) {
    return Timestamps.parse(text).orElse(Instant.EPOCH);
  }

  private static Set<String> selectedColumns(String select) {
    String list = select.substring("SELECT ".length(), select.indexOf(" FROM "));
    return Set.of(list.split(", "));
  }

  /** Lower-case column names of {@code table}; empty if there is no such table. */
  private static Set<String> columnsOf(Connection connection, String table) throws SQLException {
    Set<String> columns = new HashSet<>();
    DatabaseMetaData meta = connection.getMetaData();
    try (ResultSet row = meta.getColumns(null, null, table, null)) {
      while (row.next()) {
        // The name argument is a LIKE pattern ('_' matches any character), so check it exactly.
        if (table.equalsIgnoreCase(row.getString("TABLE_NAME"))) {
          columns.add(row.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
        }
      }
    }
    return columns;
  }
}
