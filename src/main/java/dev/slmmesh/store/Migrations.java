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
        new Migration(103, "record the machine each peer runs on", this::addMachineColumns),
        new Migration(104, "slim the write path", this::slimWritePath),
        new Migration(
            105,
            "keep delivery marks off the recipient index",
            c -> run(c, schema.deliveryMarksOffTheIndex())),
        new Migration(
            106,
            "keep receipts of messages that expired unseen",
            c -> run(c, schema.expiredMessages())),
        new Migration(107, "index the pending messages", c -> run(c, schema.pendingIndex())));
  }

  /** Applies the pending migrations; returns the resulting schema version. */
  int apply() {
    List<Migration> migrations = all();
    return apply(migrations.get(migrations.size() - 1).version());
  }

  /**
   * Applies the pending migrations up to {@code target} (tests use it to build an older database);
   * returns the resulting schema version.
   */
  int apply(int target) {
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
      if (migration.version() > current && migration.version() <= target) {
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

  /**
   * Version 104 ({@link Schema#slimWritePath}): a send (one message and its event) used to touch 11
   * b-trees, each at least one page of the WAL, and now touches 5. Why each change is safe:
   *
   * <ul>
   *   <li>Without AUTOINCREMENT a {@code seq} value is reused once the newest row is deleted. Rows
   *       of messages and events are deleted only by their prune (the janitor's, by age), so that
   *       happens when every row has aged out. It is harmless because {@code seq} only orders rows
   *       that exist together: it is read by {@code ORDER BY} in the store's own statements and by
   *       the message prune's probe, never returned (the wire's messages and events have no seq, so
   *       {@code broker/} never sees one) and never kept as a cursor (event reads page by time,
   *       deliveries track message ids). A reused value is still above every existing row's.
   *   <li>Event ids lose their unique index: the broker makes them random UUIDs, the import of
   *       version 102 copies the original's primary keys, and nothing looks an event up by id.
   *   <li>State and locks become WITHOUT ROWID tables: nothing reads their rowid (the import reads
   *       rowid only of the {@code legacy_*} tables, which stay as they are).
   *   <li>Version 102 runs today's insert statements on the tables of version 101; they name no
   *       {@code seq}, so they fit both shapes.
   * </ul>
   */
  private void slimWritePath(Connection connection) throws SQLException {
    run(connection, schema.slimWritePath());
  }

  private static void run(Connection connection, List<String> ddl) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String step : ddl) {
        statement.execute(step);
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
