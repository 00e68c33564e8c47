package dev.slmmesh.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Brings a database to the newest schema. Each pending migration (version above the recorded one)
 * runs in one transaction with its version, so a crash leaves the database at a whole version and
 * reopening resumes there; an up-to-date database is left untouched.
 */
final class Migrations {
  private final Database db;
  private final Schema schema;
  private final LegacyImport legacy;

  Migrations(Database db, Schema schema, LegacyImport legacy) {
    this.db = db;
    this.schema = schema;
    this.legacy = legacy;
  }

  List<Migration> all() {
    return List.of(
        new Migration(
            Schema.FIRST_VERSION, "set aside the original SLM Mesh's tables", legacy::setAside),
        new Migration(101, "create tables and indexes", this::create),
        new Migration(102, "import the original's state, messages and events", legacy::copyRows),
        new Migration(103, "record the machine each peer runs on", this::addMachineColumns));
  }

  /** Applies the pending migrations; returns the resulting schema version. */
  int apply() {
    Dialect dialect = db.dialect();
    int current = db.withConnection("read schema version", dialect::schemaVersion);
    List<Migration> migrations = all();
    int latest = migrations.get(migrations.size() - 1).version();
    if (current > latest) {
      throw new IllegalStateException(
          "Database schema version "
              + current
              + " is newer than this build supports ("
              + latest
              + "); run a newer SLM Mesh or move the database aside");
    }
    for (Migration migration : migrations) {
      if (migration.version() > current) {
        run(migration);
        current = migration.version();
      }
    }
    return current;
  }

  private void run(Migration migration) {
    String operation = "migration " + migration.version() + " (" + migration.description() + ")";
    db.transaction(
        operation,
        () ->
            db.withConnection(
                operation,
                connection -> {
                  migration.step().apply(connection);
                  db.dialect().setSchemaVersion(connection, migration.version());
                  return migration.version();
                }));
  }

  private void addMachineColumns(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String ddl : Schema.MACHINE_COLUMNS) {
        statement.execute(ddl);
      }
    }
  }

  private void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String ddl : schema.tables()) {
        statement.execute(ddl);
      }
      for (String ddl : schema.indexes()) {
        statement.execute(ddl);
      }
    }
  }
}
