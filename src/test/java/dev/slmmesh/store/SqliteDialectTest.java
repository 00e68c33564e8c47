package dev.slmmesh.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;

/** The SQLite specifics that the store contract cannot see: refused WAL, generated SQL. */
final class SqliteDialectTest {

  @Test
  void refusesADatabaseThatCannotUseWal() throws SQLException {
    // An in-memory database always reports journal_mode "memory".
    try (Connection memory = new SQLiteConfig().createConnection("jdbc:sqlite::memory:")) {
      assertThatThrownBy(() -> new SqliteDialect(true).configure(memory))
          .isInstanceOf(SQLException.class)
          .hasMessage("journal_mode is 'memory', expected 'wal'");
    }
  }

  @Test
  void appliesSessionPragmas() throws SQLException {
    try (Connection memory = new SQLiteConfig().createConnection("jdbc:sqlite::memory:")) {
      new SqliteDialect(false).configure(memory);

      assertThat(pragma(memory, "busy_timeout")).isEqualTo("5000");
      assertThat(pragma(memory, "synchronous")).isEqualTo("1");
      assertThat(pragma(memory, "foreign_keys")).isEqualTo("1");
      assertThat(pragma(memory, "temp_store")).isEqualTo("2");
      assertThat(pragma(memory, "journal_size_limit")).isEqualTo("67108864");
      assertThat(pragma(memory, "cache_size")).isEqualTo("-512");
    }
  }

  @Test
  void upsertUpdatesOnlyNonKeyColumns() {
    String sql = new SqliteDialect(false).upsert("t", List.of("a", "b", "c"), List.of("a", "b"));

    assertThat(sql)
        .isEqualTo(
            "INSERT INTO t (a, b, c) VALUES (?, ?, ?)"
                + " ON CONFLICT (a, b) DO UPDATE SET c = excluded.c");
  }

  @Test
  void bindsListValuesVerbatimWhateverTheyContain() throws SQLException {
    SqliteDialect dialect = new SqliteDialect(false);
    List<String> values = List.of("plain", "quote\"s", "back\\slash", "new\nline", "ünï 😀");
    try (Connection memory = new SQLiteConfig().createConnection("jdbc:sqlite::memory:");
        PreparedStatement select =
            memory.prepareStatement("SELECT value FROM json_each(?) ORDER BY key")) {
      dialect.bindList(select, 1, values);
      try (ResultSet row = select.executeQuery()) {
        for (String expected : values) {
          assertThat(row.next()).isTrue();
          assertThat(row.getString(1)).isEqualTo(expected);
        }
      }
    }
  }

  private static String pragma(Connection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("PRAGMA " + name)) {
      row.next();
      return row.getString(1);
    }
  }
}
