package dev.slmmesh.store;

import static dev.slmmesh.store.StoreFixtures.T0;
import static dev.slmmesh.store.StoreFixtures.entry;
import static dev.slmmesh.store.StoreFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the PostgreSQL store does with bad settings and a database that goes away. */
final class PostgresStoreFailureTest {
  private final PostgresServer server = PostgresServer.shared();

  @Test
  void wrongPasswordFailsAtOnceNamingTheSettingAndTheUser() {
    String db = server.createDatabase();
    PostgresTarget wrong = PostgresStoreTest.target(server, db, "not-the-password");

    assertThatThrownBy(() -> PostgresStore.open(wrong))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("SLM_MESH_STORE=postgresql://mesh@127.0.0.1:")
        .hasMessageContaining("refused the login of user \"mesh\"")
        .hasMessageContaining("password from PGPASSWORD")
        .hasMessageNotContaining("not-the-password");
  }

  @Test
  void anAbsentDatabaseIsNamedAsSuch() {
    PostgresTarget absent = PostgresStoreTest.target(server, "no_such_db");

    assertThatThrownBy(() -> PostgresStore.open(absent))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("SLM_MESH_STORE=")
        .hasMessageContaining("does not exist");
  }

  @Test
  void anUnreachableServerFailsAfterItsWaitNamingTheSetting() {
    PostgresTarget nowhere =
        new PostgresTarget(
            "jdbc:postgresql://127.0.0.1:1/mesh",
            "mesh",
            null,
            "SLM_MESH_STORE=postgresql://mesh@127.0.0.1:1/mesh",
            "none",
            Duration.ZERO);

    assertThatThrownBy(() -> PostgresStore.open(nowhere))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(
            "SLM_MESH_STORE=postgresql://mesh@127.0.0.1:1/mesh: cannot reach PostgreSQL");
  }

  @Test
  void aDatabaseOfANewerSchemaIsRefusedAndLeftAlone() throws SQLException {
    String db = server.createDatabase();
    PostgresStore.open(PostgresStoreTest.target(server, db)).close();
    try (Connection admin = server.connect(db);
        Statement s = admin.createStatement()) {
      s.execute("UPDATE " + PostgresDialect.VERSION_TABLE + " SET version = 999");
    }

    assertThatThrownBy(() -> PostgresStore.open(PostgresStoreTest.target(server, db)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("SLM_MESH_STORE=")
        .hasMessageContaining("schema version 999 is newer");
    assertThat(queryLong(db, "SELECT version FROM " + PostgresDialect.VERSION_TABLE))
        .isEqualTo(999);
  }

  @Test
  void aDatabaseWithOtherTablesIsRefusedUntouched() throws SQLException {
    String db = server.createDatabase();
    try (Connection admin = server.connect(db);
        Statement s = admin.createStatement()) {
      s.execute("CREATE TABLE peers (id TEXT)");
    }

    assertThatThrownBy(() -> PostgresStore.open(PostgresStoreTest.target(server, db)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1 table(s) that are not SLM Mesh's");
    assertThat(queryLong(db, "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'peers'"))
        .isEqualTo(1);
    assertThat(queryLong(db, "SELECT COUNT(*) FROM pg_tables WHERE tablename LIKE 'legacy_%'"))
        .isZero();
  }

  @Test
  void aConnectionLostMidTransactionWritesNothingAndTheNextCallReconnects() throws Exception {
    String db = server.createDatabase();
    try (Store store = PostgresStore.open(PostgresStoreTest.target(server, db))) {
      assertThatThrownBy(
              () ->
                  store.atomically(
                      tx -> {
                        tx.messages().insert(List.of(message("m1", "a", "p1", T0)));
                        terminateOpenTransactions(db);
                        tx.state().put(entry("ns", "k", "v", T0));
                        return null;
                      }))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("connection lost");

      assertThat(queryLong(db, "SELECT COUNT(*) FROM messages")).isZero();
      assertThat(store.messages().pendingFor("p1", 10)).isEmpty(); // a new connection answers
      store.messages().insert(List.of(message("m2", "a", "p1", T0)));
      assertThat(queryLong(db, "SELECT COUNT(*) FROM messages")).isEqualTo(1);
    }
  }

  private void terminateOpenTransactions(String db) {
    try (Connection admin = server.connect("postgres");
        PreparedStatement s =
            admin.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = ? AND state = 'idle in transaction'")) {
      s.setString(1, db);
      try (ResultSet rows = s.executeQuery()) {
        assertThat(rows.next()).as("an open transaction to end").isTrue();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private long queryLong(String db, String sql) throws SQLException {
    try (Connection admin = server.connect(db);
        Statement s = admin.createStatement();
        ResultSet row = s.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }
}
