package dev.slmmesh.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How SQLite runs the hot statements on the newest schema ({@code EXPLAIN QUERY PLAN}, no table
 * statistics, as the broker runs it): every one finds its rows through a key or an index, never by
 * reading a whole table. Inserts are left out; their plans are empty.
 */
final class SqliteQueryPlanTest {
  private static final String RECIPIENT = "SEARCH messages USING INDEX ix_messages_by_recipient ";
  private static final String PENDING =
      "SEARCH messages USING INDEX ix_messages_undelivered"
          + " (to_peer=? AND delivered=? AND read_at=?)";
  private static final String BY_ID =
      "SEARCH messages USING INDEX sqlite_autoindex_messages_1 (id=?)";
  private static final String EVENTS_SINCE =
      "SEARCH events USING INDEX ix_events_created (created_at>?)";

  private final Sql sql = new Sql(new SqliteDialect(true));

  @TempDir Path dir;
  private Connection connection;

  @BeforeEach
  void openMigratedDatabase() throws SQLException {
    Path file = dir.resolve("mesh.db");
    SqliteStore.open(file).close();
    connection = DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  @Test
  void pendingReadsOnlyThePendingRowsInDeliveryOrder() throws SQLException {
    // the partial index holds only rows neither delivered nor read: a recipient's delivered but
    // unread history (pushed messages the model has not read yet) is never walked
    assertThat(plan(sql.pending)).containsExactly(PENDING);
  }

  @Test
  void theQueueBoundCountsOnThePendingIndexAndReceiptsOfExpiredMessagesGoById()
      throws SQLException {
    assertThat(plan(sql.countUndelivered))
        .contains(PENDING.replace("USING INDEX", "USING COVERING INDEX"));
    assertThat(plan(sql.expiredSentBy)).allSatisfy(SqliteQueryPlanTest::readsNoWholeTable);
  }

  @Test
  void inboxReadsOnlyTheRecipientsRows() throws SQLException {
    for (boolean fromOneSender : List.of(true, false)) {
      // unread, newest first: the index's own order, no sort
      assertThat(plan(sql.inbox(true, fromOneSender)))
          .as("unread only, from one sender %s", fromOneSender)
          .containsExactly(RECIPIENT + "(to_peer=? AND read_at=?)");
      // read and unread: the recipient's rows, sorted
      assertThat(plan(sql.inbox(false, fromOneSender)))
          .as("all, from one sender %s", fromOneSender)
          .containsExactly(RECIPIENT + "(to_peer=?)", "USE TEMP B-TREE FOR ORDER BY");
    }
  }

  @Test
  void acksReadMarksAndReceiptsLookMessagesUpById() throws SQLException {
    assertThat(plan(sql.markDelivered)).startsWith(BY_ID);
    assertThat(plan(sql.markRead)).startsWith(BY_ID);
    assertThat(plan(sql.sentBy)).startsWith(BY_ID);
    assertThat(plan(sql.markDeliveredPairs)).contains(BY_ID);
    for (String statement :
        List.of(sql.markDelivered, sql.markRead, sql.sentBy, sql.markDeliveredPairs)) {
      assertThat(plan(statement)).as(statement).allSatisfy(SqliteQueryPlanTest::readsNoWholeTable);
    }
  }

  @Test
  void eventReadsWalkTheCreationIndexNewestFirst() throws SQLException {
    assertThat(plan(sql.eventsAnyType)).containsExactly(EVENTS_SINCE);
    assertThat(plan(sql.eventsOfTypes))
        .startsWith(EVENTS_SINCE)
        .allSatisfy(SqliteQueryPlanTest::readsNoWholeTable)
        .noneMatch(line -> line.contains("TEMP B-TREE"));
  }

  @Test
  void pruneProbeWalksTheTableInSeqOrderAndDeletesByKey() throws SQLException {
    // The one deliberate table walk: in key order with no sort, so LIMIT 1 stops at the first row
    // to keep and a sweep with nothing to prune reads one row.
    assertThat(plan(sql.firstMessageSince)).containsExactly("SCAN messages");
    assertThat(plan(sql.pruneMessagesBefore))
        .containsExactly("SEARCH messages USING INTEGER PRIMARY KEY (rowid<?)");
    assertThat(plan(sql.pruneEvents))
        .singleElement()
        .asString()
        .startsWith("SEARCH events USING ")
        .contains("INDEX ix_events_created (created_at<?)");
  }

  @Test
  void stateAndLocksAreFoundByTheirKey() throws SQLException {
    assertThat(plan(sql.getState))
        .containsExactly("SEARCH state USING PRIMARY KEY (namespace=? AND key=?)");
    assertThat(plan(sql.findLock)).containsExactly("SEARCH locks USING PRIMARY KEY (file_path=?)");
    assertThat(plan(sql.renewLock)).containsExactly("SEARCH locks USING PRIMARY KEY (file_path=?)");
    assertThat(plan(sql.putState)).allSatisfy(SqliteQueryPlanTest::readsNoWholeTable);
    assertThat(plan(sql.putLock)).allSatisfy(SqliteQueryPlanTest::readsNoWholeTable);
  }

  @Test
  void dashboardReadsWalkTheTablesInTheirKeyOrder() throws SQLException {
    // newest first straight off the rowid: no sort, however large the table
    assertThat(plan(sql.recentMessages)).containsExactly("SCAN messages");
    assertThat(plan(sql.messagesBefore))
        .contains("SEARCH messages USING INTEGER PRIMARY KEY (rowid<?)")
        .noneMatch(line -> line.contains("TEMP B-TREE"));
    // the table is keyed by (namespace, key): its own order, no sort
    assertThat(plan(sql.allState)).containsExactly("SCAN state");
  }

  private static void readsNoWholeTable(String line) {
    assertThat(line)
        .satisfiesAnyOf(
            l -> assertThat(l).doesNotStartWith("SCAN "),
            l -> assertThat(l).startsWith("SCAN json_each VIRTUAL TABLE"),
            l -> assertThat(l).matches("SCAN \\w+ VIRTUAL TABLE INDEX .*"));
  }

  /** The plan's lines, parameters unbound (their values do not change the plan). */
  private List<String> plan(String statement) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet row = s.executeQuery("EXPLAIN QUERY PLAN " + statement)) {
      while (row.next()) {
        lines.add(row.getString("detail"));
      }
    }
    return lines;
  }
}
