package dev.slmmesh.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Our schema and the SQL of its migrations. Times are INTEGER epoch milliseconds; peers, messages
 * and events carry an insertion sequence ({@code seq}) that orders them as they were inserted;
 * there are no CHECK constraints, because the broker validates input and a CHECK would only turn
 * bad input into an SQL error. Versions start at {@link #FIRST_VERSION} so that the original SLM
 * Mesh's databases (versions 1 and 2, the original's behaviour) are recognised.
 */
final class Schema {
  static final int FIRST_VERSION = 100;

  /** The original's tables, set aside as {@code legacy_<name>} when its database is opened. */
  static final List<String> ORIGINAL_TABLES =
      List.of("schema_version", "peers", "messages", "state", "locks", "events");

  static final String LEGACY_PREFIX = "legacy_";

  /**
   * Version 103: where a peer runs (null for rows from before; the broker reads them as its own).
   */
  static final List<String> MACHINE_COLUMNS =
      List.of(
          "ALTER TABLE peers ADD COLUMN machine_id TEXT",
          "ALTER TABLE peers ADD COLUMN machine_name TEXT");

  // The original only ever ran on SQLite, so these reads may use rowid (its insertion order).
  static final String LEGACY_STATE =
      "SELECT namespace, key, value, updated_by, updated_at FROM legacy_state ORDER BY rowid";
  static final String LEGACY_MESSAGES =
      "SELECT id, from_peer, to_peer, type, payload, created_at, read_at, delivered"
          + " FROM legacy_messages WHERE to_peer IS NOT NULL ORDER BY rowid";
  static final String LEGACY_EVENTS =
      "SELECT id, type, payload, emitted_by, created_at FROM legacy_events ORDER BY rowid";

  private final Dialect dialect;

  Schema(Dialect dialect) {
    this.dialect = dialect;
  }

  static String renameAside(String table) {
    return "ALTER TABLE " + table + " RENAME TO " + LEGACY_PREFIX + table;
  }

  /** Version 101: all tables. */
  List<String> tables() {
    return List.of(
        ddl(
            "CREATE TABLE peers ({SEQ}, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
                + " pid {I64} NOT NULL, project_path TEXT NOT NULL, git_root TEXT, git_branch TEXT,"
                + " agent_type TEXT NOT NULL, summary TEXT NOT NULL, uds_path TEXT,"
                + " started_at {I64} NOT NULL, last_heartbeat {I64} NOT NULL, status TEXT NOT NULL,"
                + " delivery_path TEXT, acknowledges {I64} NOT NULL)"),
        "CREATE TABLE peer_credentials (peer_id TEXT NOT NULL PRIMARY KEY,"
            + " secret_hash TEXT NOT NULL)",
        ddl(
            "CREATE TABLE messages ({SEQ}, id TEXT NOT NULL UNIQUE, from_peer TEXT NOT NULL,"
                + " to_peer TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL,"
                + " created_at {I64} NOT NULL, read_at {I64}, delivered {I64} NOT NULL)"),
        ddl(
            "CREATE TABLE state (namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
                + " updated_by TEXT NOT NULL, updated_at {I64} NOT NULL, PRIMARY KEY (namespace,"
                + " key))"),
        ddl(
            "CREATE TABLE locks (file_path TEXT NOT NULL PRIMARY KEY, locked_by TEXT NOT NULL,"
                + " locked_at {I64} NOT NULL, expires_at {I64} NOT NULL, reason TEXT NOT NULL)"),
        ddl(
            "CREATE TABLE events ({SEQ}, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,"
                + " payload TEXT NOT NULL, emitted_by TEXT NOT NULL, created_at {I64} NOT NULL)"));
  }

  /**
   * Version 101: indexes for the hot queries. Names differ from the original's {@code idx_*}, which
   * stay attached to the legacy tables.
   */
  List<String> indexes() {
    return List.of(
        // pendingFor: to_peer = ? AND delivered = 0 AND read_at IS NULL ORDER BY seq
        "CREATE INDEX ix_messages_pending ON messages (to_peer, delivered, read_at, seq)",
        // takeInbox: to_peer = ? [AND read_at IS NULL] ORDER BY created_at DESC, seq DESC
        "CREATE INDEX ix_messages_inbox ON messages (to_peer, read_at, created_at, seq)",
        "CREATE INDEX ix_messages_created ON messages (created_at)",
        "CREATE INDEX ix_messages_from ON messages (from_peer)",
        "CREATE INDEX ix_events_type ON events (type, created_at, seq)",
        "CREATE INDEX ix_events_created ON events (created_at, seq)",
        "CREATE INDEX ix_peers_status ON peers (status)",
        "CREATE INDEX ix_locks_owner ON locks (locked_by)");
  }

  /**
   * Version 107: an index of exactly the pending messages (neither delivered nor read), for the
   * flush's query and the queue bound. Without it both read every unread row of the recipient,
   * delivered ones included (a delivery mark is kept off {@code ix_messages_by_recipient}, version
   * 105), and pushed messages stay unread until the model reads them: 7,500 such rows made a flush
   * take 1.3 ms (docs/performance.md, "Event fan-out and the pending walk"). The index stays as
   * small as the queues are short: a send adds an entry, a delivery mark or a read removes it, both
   * on the same few pages, which the commit that carries them writes once.
   */
  List<String> pendingIndex() {
    return List.of(
        // pendingFor and countUndelivered: to_peer = ? AND read_at IS NULL AND delivered = 0,
        // ORDER BY seq; the constant columns make the planner prefer it to the recipient index
        "CREATE INDEX ix_messages_undelivered ON messages (to_peer, delivered, read_at, seq)"
            + " WHERE delivered = 0 AND read_at IS NULL");
  }

  /**
   * Version 106: receipts of messages that expired unseen (neither delivered nor read when the
   * age-based pruning removed them), so that their senders can still learn it; kept until {@link
   * Sql#forgetExpired}.
   */
  List<String> expiredMessages() {
    return List.of(
        "CREATE TABLE expired_messages (id TEXT NOT NULL PRIMARY KEY, from_peer TEXT NOT NULL,"
            + " to_peer TEXT NOT NULL, created_at "
            + dialect.int64Type()
            + " NOT NULL,"
            + " expired_at "
            + dialect.int64Type()
            + " NOT NULL)"
            + dialect.keyOrderedTable(),
        "CREATE INDEX ix_expired_at ON expired_messages (expired_at)");
  }

  /**
   * Version 104: fewer b-tree pages written per message, event, state entry and lock (see {@link
   * Migrations} for why each step is safe). Messages and events are rebuilt with a plain row
   * sequence, messages keep their unique id and get one recipient index instead of four, events
   * lose their id index and keep only the creation-time one, and state and locks become key-ordered
   * tables. Column lists are spelled out here, not taken from {@link Sql}, so that this step stays
   * what it was when later versions change the statements.
   */
  List<String> slimWritePath() {
    List<String> steps = new ArrayList<>();
    steps.addAll(
        rebuild(
            "messages",
            "{ROWSEQ}, id TEXT NOT NULL UNIQUE, from_peer TEXT NOT NULL, to_peer TEXT NOT NULL,"
                + " type TEXT NOT NULL, payload TEXT NOT NULL, created_at {I64} NOT NULL,"
                + " read_at {I64}, delivered {I64} NOT NULL",
            "",
            "seq, id, from_peer, to_peer, type, payload, created_at, read_at, delivered",
            "seq"));
    // pendingFor: to_peer = ? AND read_at IS NULL AND delivered = 0 ORDER BY seq (no sort);
    // takeInbox: to_peer = ? [AND read_at IS NULL] ORDER BY seq DESC (sorts the recipient's rows)
    steps.add("CREATE INDEX ix_messages_recipient ON messages (to_peer, read_at, delivered, seq)");
    steps.addAll(
        rebuild(
            "events",
            "{ROWSEQ}, id TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL,"
                + " emitted_by TEXT NOT NULL, created_at {I64} NOT NULL",
            "",
            "seq, id, type, payload, emitted_by, created_at",
            "seq"));
    // events: created_at > ? [AND type IN ...] ORDER BY created_at DESC, seq DESC; pruneEvents
    steps.add("CREATE INDEX ix_events_created ON events (created_at, seq)");
    steps.addAll(
        rebuild(
            "state",
            "namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
                + " updated_by TEXT NOT NULL, updated_at {I64} NOT NULL,"
                + " PRIMARY KEY (namespace, key)",
            "{KEYED}",
            "namespace, key, value, updated_by, updated_at",
            "namespace, key"));
    steps.addAll(
        rebuild(
            "locks",
            "file_path TEXT NOT NULL PRIMARY KEY, locked_by TEXT NOT NULL,"
                + " locked_at {I64} NOT NULL, expires_at {I64} NOT NULL, reason TEXT NOT NULL",
            "{KEYED}",
            "file_path, locked_by, locked_at, expires_at, reason",
            "file_path"));
    steps.add("CREATE INDEX ix_locks_owner ON locks (locked_by)");
    return steps;
  }

  /**
   * Version 105: the recipient index without {@code delivered}. A delivery mark changed a key of
   * that index, so each acknowledged message moved its entry within its recipient's leaf: one more
   * page in the commit that carries the mark (the next send's, see {@code Database.defer}), for a
   * broadcast one page per recipient. Now a mark changes only the row, which for recent messages
   * sits on the table's last page, where the next send writes anyway. The price: the pending query
   * reads the rows of a recipient's unread messages to skip the delivered ones, a set that reading
   * keeps small and the prune bounds; and the unread inbox, newest first, needs no sort any more.
   */
  List<String> deliveryMarksOffTheIndex() {
    return List.of(
        "DROP INDEX ix_messages_recipient",
        // pendingFor: to_peer = ? AND read_at IS NULL (delivered = 0 on the row) ORDER BY seq;
        // takeInbox: to_peer = ? [AND read_at IS NULL] ORDER BY seq DESC
        "CREATE INDEX ix_messages_by_recipient ON messages (to_peer, read_at, seq)");
  }

  /**
   * Replaces {@code table} by a new definition with the same rows: create, copy (in key order, so
   * the new b-tree is filled by appending), drop the old table with its indexes, rename.
   */
  private List<String> rebuild(
      String table, String columnDefs, String options, String columns, String keyOrder) {
    String next = table + "_next";
    return List.of(
        ddl("CREATE TABLE " + next + " (" + columnDefs + ")" + options),
        "INSERT INTO "
            + next
            + " ("
            + columns
            + ") SELECT "
            + columns
            + " FROM "
            + table
            + " ORDER BY "
            + keyOrder,
        "DROP TABLE " + table,
        "ALTER TABLE " + next + " RENAME TO " + table);
  }

  private String ddl(String template) {
    return template
        .replace("{SEQ}", dialect.sequenceColumn())
        .replace("{ROWSEQ}", dialect.rowSequenceColumn())
        .replace("{KEYED}", dialect.keyOrderedTable())
        .replace("{I64}", dialect.int64Type());
  }
}
