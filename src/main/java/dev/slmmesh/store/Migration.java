package dev.slmmesh.store;

import java.sql.Connection;
import java.sql.SQLException;

/** One schema step; it runs in its own transaction together with recording its version. */
record Migration(int version, String description, Step step) {

  /** The work of a migration, on the connection whose transaction is open. */
  interface Step {
    void apply(Connection connection) throws SQLException;
  }
}
