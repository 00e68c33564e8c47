package dev.slmmesh.store;

import dev.slmmesh.testkit.PostgresServer;
import java.time.Duration;

/** The store contract against a real PostgreSQL database (a fresh one for each test). */
final class PostgresStoreTest extends AbstractStoreContractTest {

  static PostgresTarget target(PostgresServer server, String database, String password) {
    return new PostgresTarget(
        server.jdbcUrl(database),
        PostgresServer.USER,
        password,
        "SLM_MESH_STORE=" + server.url(database),
        "PGPASSWORD",
        Duration.ofSeconds(5));
  }

  static PostgresTarget target(PostgresServer server, String database) {
    return target(server, database, PostgresServer.PASSWORD);
  }

  @Override
  Store createStore() {
    PostgresServer server = PostgresServer.shared();
    return PostgresStore.open(target(server, server.createDatabase()));
  }
}
