package dev.slmmesh.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Copies every row of an SQLite store into a PostgreSQL store ({@code slm-mesh store migrate}):
 * peers, credentials, messages (with their read and delivery marks), state, locks and events, in
 * their insertion order, in one transaction of the target that also compares the row counts of both
 * sides before it commits; a target that holds rows is refused unless the copy may replace them.
 * Nothing of the source is changed.
 */
public final class StoreCopy {
  /** Tables and the columns copied, in an order that keeps each table's insertion order. */
  private static final Map<String, String> TABLES = new LinkedHashMap<>();

  private static final Map<String, String> ORDER = new LinkedHashMap<>();

  static {
    table("peers", Sql.PEER_COLUMNS, "seq");
    table("peer_credentials", "peer_id, secret_hash", "peer_id");
    table(
        "messages", "id, from_peer, to_peer, type, payload, created_at, read_at, delivered", "seq");
    table("state", Sql.STATE_COLUMNS, "namespace, key");
    table("locks", Sql.LOCK_COLUMNS, "file_path");
    table("events", Sql.EVENT_COLUMNS, "seq");
  }

  private StoreCopy() {}

  private static void table(String name, String columns, String order) {
    TABLES.put(name, columns);
    ORDER.put(name, order);
  }

  /** Rows copied per table, in copy order. */
  public record Counts(Map<String, Long> rows) {
    public Counts {
      rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    }

    @Override
    public String toString() {
      List<String> parts = new ArrayList<>();
      rows.forEach((table, n) -> parts.add(n + " " + table));
      return String.join(", ", parts);
    }
  }

  /**
   * Copies {@code from} into {@code to}.
   *
   * @param replace delete the target's rows first; without it a target holding any row is refused
   * @throws IllegalStateException if the target holds rows and {@code replace} is false, or the
   *     counts differ after the copy (then nothing was written)
   */
  public static Counts copy(SqliteStore from, PostgresStore to, boolean replace) {
    from.flushDeferred();
    Database source = from.database();
    Database target = to.database();
    return target.transaction(
        "store migrate",
        () -> {
          Map<String, Long> present = counts(target);
          long rows = present.values().stream().mapToLong(Long::longValue).sum();
          if (rows > 0 && !replace) {
            throw new IllegalStateException(
                "the target database is not empty ("
                    + new Counts(present)
                    + "); add --force to replace its contents");
          }
          if (rows > 0) {
            List<String> tables = new ArrayList<>(TABLES.keySet());
            Collections.reverse(tables);
            tables.forEach(t -> target.update("store migrate", "DELETE FROM " + t));
          }
          TABLES.forEach((table, columns) -> copyTable(source, target, table, columns));
          Map<String, Long> expected = counts(source);
          Map<String, Long> copied = counts(target);
          if (!expected.equals(copied)) {
            throw new IllegalStateException(
                "row counts differ after the copy (source "
                    + new Counts(expected)
                    + ", target "
                    + new Counts(copied)
                    + "); nothing was written");
          }
          return new Counts(copied);
        });
  }

  private static void copyTable(Database source, Database target, String table, String columns) {
    int width = columns.split(", ").length;
    List<@Nullable Object[]> rows =
        source.query(
            "read " + table,
            "SELECT " + columns + " FROM " + table + " ORDER BY " + ORDER.get(table),
            row -> {
              @Nullable Object[] values = new Object[width];
              for (int i = 0; i < width; i++) {
                values[i] = row.getObject(i + 1);
              }
              return values;
            });
    String insert =
        "INSERT INTO "
            + table
            + " ("
            + columns
            + ") VALUES ("
            + String.join(", ", Collections.nCopies(width, "?"))
            + ")";
    for (@Nullable Object[] values : rows) {
      target.update("copy " + table, insert, values);
    }
  }

  private static Map<String, Long> counts(Database db) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : TABLES.keySet()) {
      counts.put(
          table,
          db.queryOne("count " + table, "SELECT COUNT(*) FROM " + table, row -> row.getLong(1))
              .orElse(0L));
    }
    return counts;
  }
}
