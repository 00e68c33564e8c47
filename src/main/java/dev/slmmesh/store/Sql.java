package dev.slmmesh.store;

import java.util.List;

/**
 * Every data statement of the store, built once from a {@link Dialect}. Statements are fixed texts
 * (optional filters are {@code CAST(? AS TEXT) IS NULL OR ...} or separate variants, never string
 * building per call), so each is prepared once per connection. Times are epoch milliseconds and
 * every time comparison is numeric, never textual (a defect of the original).
 */
final class Sql {
  static final String PEER_COLUMNS =
      "id, name, pid, project_path, git_root, git_branch, agent_type, summary, uds_path, "
          + "started_at, last_heartbeat, status, delivery_path, acknowledges, machine_id, machine_name";
  static final String MESSAGE_COLUMNS =
      "seq, id, from_peer, to_peer, type, payload, created_at, read_at, delivered";
  static final String LOCK_COLUMNS = "file_path, locked_by, locked_at, expires_at, reason";
  static final String STATE_COLUMNS = "namespace, key, value, updated_by, updated_at";
  static final String EVENT_COLUMNS = "id, type, payload, emitted_by, created_at";

  /**
   * One INSERT of {@code rows} messages (1 to {@link #MESSAGE_ROWS_PER_INSERT}), rows in VALUES
   * order: a broadcast's rows in one statement instead of one each, whose per-statement cost was
   * most of a broadcast's commit (docs/performance.md, "Broadcast and write throughput, second
   * round").
   */
  String insertMessages(int rows) {
    if (rows < 1 || rows > MESSAGE_ROWS_PER_INSERT) {
      throw new IllegalArgumentException(
          "rows must be 1.." + MESSAGE_ROWS_PER_INSERT + ", got " + rows);
    }
    String text = insertMessageRows[rows];
    if (text == null) {
      StringBuilder b =
          new StringBuilder(
              "INSERT INTO messages (id, from_peer, to_peer, type, payload, created_at, read_at, delivered)"
                  + " VALUES ");
      for (int i = 0; i < rows; i++) {
        b.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?)");
      }
      text = b.toString();
      insertMessageRows[rows] = text;
    }
    return text;
  }

  // ---- peers -------------------------------------------------------------------------------
  final String insertPeer =
      "INSERT INTO peers ("
          + PEER_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  final String updatePeer =
      "UPDATE peers SET name = ?, pid = ?, project_path = ?, git_root = ?, git_branch = ?, "
          + "agent_type = ?, summary = ?, uds_path = ?, last_heartbeat = ?, status = ?, "
          + "delivery_path = ?, acknowledges = ?, machine_id = ?, machine_name = ? WHERE id = ?";
  final String allPeers = "SELECT " + PEER_COLUMNS + " FROM peers ORDER BY seq";
  final String findPeer = "SELECT " + PEER_COLUMNS + " FROM peers WHERE id = ?";
  final String listPeers =
      "SELECT "
          + PEER_COLUMNS
          + " FROM peers WHERE status = ?"
          + " AND (CAST(? AS TEXT) IS NULL OR project_path = ?)"
          + " AND (CAST(? AS TEXT) IS NULL OR git_root = ?)"
          + " AND (CAST(? AS TEXT) IS NULL OR id <> ?) ORDER BY seq";
  final String touchPeer = "UPDATE peers SET last_heartbeat = ?, status = ? WHERE id = ?";

  /** A deferred heartbeat: never moves a heartbeat time back. */
  final String advanceHeartbeat;

  final String updateSummary = "UPDATE peers SET summary = ? WHERE id = ?";
  final String updateDeliveryPath = "UPDATE peers SET delivery_path = ? WHERE id = ?";
  final String peerIdsByStatusBefore =
      "SELECT id FROM peers WHERE status = ? AND last_heartbeat < ? ORDER BY seq";
  final String setStatusBefore =
      "UPDATE peers SET status = ? WHERE status = ? AND last_heartbeat < ?";
  final String peersByStatusBefore =
      "SELECT " + PEER_COLUMNS + " FROM peers WHERE status = ? AND last_heartbeat < ? ORDER BY seq";
  final String deletePeer = "DELETE FROM peers WHERE id = ?";

  // ---- credentials ---------------------------------------------------------------------------
  final String allCredentials = "SELECT peer_id, secret_hash FROM peer_credentials";
  final String credentialHash = "SELECT secret_hash FROM peer_credentials WHERE peer_id = ?";
  final String saveCredential;
  final String deleteCredential = "DELETE FROM peer_credentials WHERE peer_id = ?";

  // ---- messages ------------------------------------------------------------------------------
  /**
   * Most rows one INSERT of messages carries: 8 parameters a row, far below every engine's limit.
   */
  static final int MESSAGE_ROWS_PER_INSERT = 64;

  /** The INSERT of n rows at [n], built on first use (a race only builds an equal text twice). */
  private final String[] insertMessageRows = new String[MESSAGE_ROWS_PER_INSERT + 1];

  final String insertMessage = insertMessages(1);
  private final String inboxAll = inbox("");
  private final String inboxUnread = inbox(" AND read_at IS NULL");
  private final String inboxAllFrom = inbox(" AND from_peer = ?");
  private final String inboxUnreadFrom = inbox(" AND read_at IS NULL AND from_peer = ?");
  final String markRead;
  final String pending =
      "SELECT "
          + MESSAGE_COLUMNS
          + " FROM messages"
          + " WHERE to_peer = ? AND read_at IS NULL AND delivered = 0 ORDER BY seq LIMIT ?";
  final String markDelivered;

  /** Delivery marks of several recipients at once: (recipient, id) pairs as two aligned lists. */
  final String markDeliveredPairs;

  final String sentBy;

  /** The oldest insertion not older than the cutoff: reads the rows to prune plus one. */
  final String firstMessageSince =
      "SELECT seq FROM messages WHERE created_at >= ? ORDER BY seq LIMIT 1";

  /** Parameters: the seq {@link #firstMessageSince} found, the cutoff. */
  final String pruneMessagesBefore = "DELETE FROM messages WHERE seq < ? AND created_at < ?";

  /** The whole timeline, newest first (the dashboard's first page). */
  final String recentMessages =
      "SELECT " + MESSAGE_COLUMNS + " FROM messages ORDER BY seq DESC LIMIT ?";

  /** The timeline before the row with the given id, newest first (the dashboard's next page). */
  final String messagesBefore =
      "SELECT "
          + MESSAGE_COLUMNS
          + " FROM messages WHERE seq < (SELECT seq FROM messages WHERE id = ?)"
          + " ORDER BY seq DESC LIMIT ?";

  /** Only when no row is as new as the cutoff, so every row it reads is deleted. */
  final String pruneAllMessages = "DELETE FROM messages WHERE created_at < ?";

  /** The rows {@link #pruneMessagesBefore} deletes that nobody saw (same parameters). */
  final String unseenBefore =
      "SELECT "
          + MESSAGE_COLUMNS
          + " FROM messages WHERE seq < ? AND created_at < ?"
          + " AND delivered = 0 AND read_at IS NULL ORDER BY seq";

  /** The rows {@link #pruneAllMessages} deletes that nobody saw. */
  final String unseenAll =
      "SELECT "
          + MESSAGE_COLUMNS
          + " FROM messages WHERE created_at < ?"
          + " AND delivered = 0 AND read_at IS NULL ORDER BY seq";

  final String insertExpired =
      "INSERT INTO expired_messages (id, from_peer, to_peer, created_at, expired_at)"
          + " VALUES (?, ?, ?, ?, ?)";
  final String expiredSentBy;

  /** Counts a recipient's undelivered messages, up to the second parameter. */
  final String countUndelivered =
      "SELECT COUNT(*) FROM (SELECT 1 FROM messages WHERE to_peer = ? AND read_at IS NULL"
          + " AND delivered = 0 LIMIT ?) AS undelivered";

  final String forgetExpired = "DELETE FROM expired_messages WHERE expired_at < ?";

  // ---- state ---------------------------------------------------------------------------------
  final String getState = "SELECT " + STATE_COLUMNS + " FROM state WHERE namespace = ? AND key = ?";
  final String putState;
  final String listState =
      "SELECT " + STATE_COLUMNS + " FROM state WHERE namespace = ? ORDER BY key";
  final String deleteState = "DELETE FROM state WHERE namespace = ? AND key = ?";
  final String allState = "SELECT " + STATE_COLUMNS + " FROM state ORDER BY namespace, key LIMIT ?";

  // ---- locks ---------------------------------------------------------------------------------
  final String findLock = "SELECT " + LOCK_COLUMNS + " FROM locks WHERE file_path = ?";
  final String putLock;
  final String renewLock = "UPDATE locks SET expires_at = ?, reason = ? WHERE file_path = ?";
  final String releaseLock = "DELETE FROM locks WHERE file_path = ? AND locked_by = ?";
  final String activeLocks =
      "SELECT "
          + LOCK_COLUMNS
          + " FROM locks WHERE expires_at > ?"
          + " AND (CAST(? AS TEXT) IS NULL OR file_path = ?) ORDER BY file_path";
  final String deleteExpiredLocks = "DELETE FROM locks WHERE expires_at <= ?";
  final String lockPathsOf = "SELECT file_path FROM locks WHERE locked_by = ? ORDER BY file_path";
  final String deleteLocksOf = "DELETE FROM locks WHERE locked_by = ?";

  // ---- events --------------------------------------------------------------------------------
  final String insertEvent = "INSERT INTO events (" + EVENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?)";
  final String eventsAnyType = events("");
  final String eventsOfTypes;
  final String pruneEvents = "DELETE FROM events WHERE created_at < ?";

  // ---- housekeeping --------------------------------------------------------------------------
  /** One statement, so all counts come from one snapshot. */
  final String stats =
      "SELECT (SELECT COUNT(*) FROM peers WHERE status = ?),"
          + " (SELECT COUNT(*) FROM peers WHERE status = ?),"
          + " (SELECT COUNT(*) FROM peers),"
          + " (SELECT COUNT(*) FROM messages),"
          + " (SELECT COUNT(*) FROM messages WHERE delivered = 0),"
          + " (SELECT COUNT(*) FROM locks WHERE expires_at > ?),"
          + " (SELECT COUNT(*) FROM events)";

  Sql(Dialect dialect) {
    advanceHeartbeat =
        "UPDATE peers SET last_heartbeat = "
            + dialect.greater("last_heartbeat", "?")
            + " WHERE id = ?";
    saveCredential =
        dialect.upsert("peer_credentials", List.of("peer_id", "secret_hash"), List.of("peer_id"));
    // Acks, read marks and receipts find their rows through the unique id index. Without table
    // statistics the planner would prefer the recipient index and read all of the peer's rows.
    String recipient = dialect.filterOnly("to_peer");
    markRead =
        "UPDATE messages SET read_at = ? WHERE "
            + recipient
            + " = ? AND read_at IS NULL AND "
            + dialect.inList("id");
    markDeliveredPairs =
        "UPDATE messages SET delivered = 1 FROM "
            + dialect.zippedLists("marks", "peer", "mid")
            + " WHERE messages.id = marks.mid AND "
            + dialect.filterOnly("messages.to_peer")
            + " = marks.peer"
            + " AND messages.delivered = 0";
    markDelivered =
        "UPDATE messages SET delivered = 1 WHERE "
            + recipient
            + " = ? AND delivered = 0 AND "
            + dialect.inList("id");
    expiredSentBy =
        "SELECT id, from_peer, to_peer, created_at FROM expired_messages WHERE from_peer = ? AND "
            + dialect.inList("id");
    sentBy =
        "SELECT "
            + MESSAGE_COLUMNS
            + " FROM messages WHERE from_peer = ? AND "
            + dialect.inList("id")
            + " ORDER BY seq";
    putState =
        dialect.upsert("state", List.of(STATE_COLUMNS.split(", ")), List.of("namespace", "key"));
    putLock = dialect.upsert("locks", List.of(LOCK_COLUMNS.split(", ")), List.of("file_path"));
    eventsOfTypes = events(" AND " + dialect.inList("type"));
  }

  /**
   * Inbox read, newest first: latest inserted first, which is creation order because the broker
   * stamps each message with its clock as it inserts it, and which also orders messages stamped in
   * the same millisecond. Parameters: recipient, [sender,] limit.
   */
  String inbox(boolean unreadOnly, boolean fromOneSender) {
    if (fromOneSender) {
      return unreadOnly ? inboxUnreadFrom : inboxAllFrom;
    }
    return unreadOnly ? inboxUnread : inboxAll;
  }

  private static String inbox(String filter) {
    return "SELECT "
        + MESSAGE_COLUMNS
        + " FROM messages WHERE to_peer = ?"
        + filter
        + " ORDER BY seq DESC LIMIT ?";
  }

  /** Parameters: since (exclusive), [types,] limit. */
  private static String events(String filter) {
    return "SELECT "
        + EVENT_COLUMNS
        + " FROM events WHERE created_at > ?"
        + filter
        + " ORDER BY created_at DESC, seq DESC LIMIT ?";
  }
}
