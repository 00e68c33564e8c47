package dev.slmmesh.daemon;

import dev.slmmesh.testkit.PostgresServer;
import java.util.Map;

/** {@link CrashRecoveryIT} with the broker's store on PostgreSQL. */
class PostgresCrashRecoveryIT extends CrashRecoveryIT {
  private final String url = PostgresServer.shared().url(PostgresServer.shared().createDatabase());

  @Override
  Map<String, String> env() {
    return Map.of(
        "SLM_MESH_RATE_LIMIT",
        "100000",
        "SLM_MESH_STORE",
        url,
        "PGPASSWORD",
        PostgresServer.PASSWORD);
  }
}
