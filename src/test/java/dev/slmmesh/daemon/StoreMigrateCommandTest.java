package dev.slmmesh.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.config.Config;
import dev.slmmesh.store.SqliteStore;
import dev.slmmesh.testkit.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code slm-mesh store migrate} command: arguments, the broker's lock, the copy. */
final class StoreMigrateCommandTest {
  @TempDir Path data;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Config config, String... args) {
    return StoreMigrateCommand.run(
        List.of(args),
        config,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private Config config() {
    return Config.defaults(data)
        .withEnvironment(Map.of("PGPASSWORD", PostgresServer.PASSWORD, "HOME", data.toString()));
  }

  @Test
  void badUsageIsExplained() {
    assertThat(run(config(), "store")).isEqualTo(2);
    assertThat(run(config(), "store", "migrate")).isEqualTo(2);
    assertThat(err.toString()).contains("--to is required");
    assertThat(run(config(), "store", "migrate", "--to", "postgresql://u:pw@h/db")).isEqualTo(2);
    assertThat(err.toString()).contains("--to must not contain a password").doesNotContain("pw@");
    assertThat(run(config(), "store", "migrate", "--to", "postgresql://u@h/db")).isEqualTo(1);
    assertThat(err.toString()).contains("no SQLite store at " + data.resolve("mesh.db"));
  }

  @Test
  void refusesWhileTheBrokerHoldsTheDataDirectory() throws Exception {
    SqliteStore.open(data.resolve("mesh.db")).close();
    try (DataDirLock running = DataDirLock.acquire(config().files())) {
      assertThat(run(config(), "store", "migrate", "--to", "postgresql://u@127.0.0.1:1/db"))
          .isEqualTo(1);
    }
    assertThat(err.toString()).contains("Broker already running").contains("stop it first");
  }

  @Test
  void copiesTheDataDirectorysStoreAndRefusesASecondCopyWithoutForce() throws Exception {
    PostgresServer server = PostgresServer.shared();
    String db = server.createDatabase();
    try (SqliteStore sqlite = SqliteStore.open(data.resolve("mesh.db"))) {
      sqlite
          .state()
          .put(new dev.slmmesh.wire.StateEntry("default", "k", "v", "p1", java.time.Instant.EPOCH));
    }

    assertThat(run(config(), "store", "migrate", "--to", server.url(db)))
        .as(err.toString())
        .isZero();
    assertThat(out.toString())
        .contains("Copied 0 peers, 0 peer_credentials, 0 messages, 1 state, 0 locks, 0 events")
        .contains("row counts verified")
        .contains("SLM_MESH_STORE=" + server.url(db));
    try (Connection c = server.connect(db);
        ResultSet row = c.createStatement().executeQuery("SELECT value FROM state")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getString(1)).isEqualTo("v");
    }

    assertThat(run(config(), "store", "migrate", "--to", server.url(db))).isEqualTo(1);
    assertThat(err.toString()).contains("not empty").contains("--force");
    assertThat(run(config(), "store", "migrate", "--to", server.url(db), "--force")).isZero();
  }
}
