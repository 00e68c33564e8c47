package dev.slmmesh.store;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL database a {@link PostgresStore} opens. {@code setting} names where it was
 * configured (for example {@code SLM_MESH_STORE=postgresql://mesh@db:5432/mesh}); every error about
 * the database starts with it. {@code passwordSource} says where the password came from ({@code
 * none} without one). {@code connectWait} bounds how long opening retries a server that cannot be
 * reached yet.
 */
public record PostgresTarget(
    String jdbcUrl,
    String user,
    @Nullable String password,
    String setting,
    String passwordSource,
    Duration connectWait) {

  /** Never prints the password. */
  @Override
  public String toString() {
    return setting + " (password from " + passwordSource + ")";
  }
}
