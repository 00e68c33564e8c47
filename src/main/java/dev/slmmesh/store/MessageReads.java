package dev.slmmesh.store;

import dev.slmmesh.store.SqlReads.RowMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one way to read the messages table, and the queue of its deferred delivery marks: every read
 * first writes the marks queued since the last commit, so no read can see a message as pending that
 * an acknowledgement already marked. {@link MessageTable} holds no other way to read its rows (it
 * gets only {@link SqlWrites} of the database), and neither does anything else that reads messages
 * ({@link JdbcStore#stats}).
 *
 * <p>Marks that arrive before the next commit of any writer share one deferred write of one
 * statement (a broadcast's acknowledgements were one deferred write and savepoint each, later one
 * statement per recipient).
 */
final class MessageReads {
  /**
   * Most marks one statement carries: SQLite finds each pair's id by its position in the bound
   * list, a cost that grows with the list, so a statement's cost grows with the square of its marks
   * (3,000 marks took 55 ms in one statement against 10 ms as one statement per peer, 100 took 0.6
   * ms against 2 ms). A broadcast's acknowledgements (one per recipient) fit in one.
   */
  static final int MARKS_PER_STATEMENT = 100;

  private final Database db;
  private final Sql sql;
  private final Object marksLock = new Object();

  /** Delivery marks waiting for {@link #writeMarks}, by peer; guarded by {@code marksLock}. */
  private Map<String, Set<String>> marks = new LinkedHashMap<>();

  /** Whether a deferred write of the marks is queued; guarded by {@code marksLock}. */
  private boolean marksQueued;

  MessageReads(Database db, Sql sql) {
    this.db = db;
    this.sql = sql;
  }

  <T> List<T> query(
      String operation, String statement, RowMapper<T> mapper, @Nullable Object... params) {
    db.writeDeferred();
    return db.query(operation, statement, mapper, params);
  }

  <T> Optional<T> queryOne(
      String operation, String statement, RowMapper<T> mapper, @Nullable Object... params) {
    db.writeDeferred();
    return db.queryOne(operation, statement, mapper, params);
  }

  /**
   * Queues delivery marks for the next commit of any writer (or {@link Database#writeDeferred}),
   * whichever comes first; reads through this class see them at once.
   */
  void markDeliveredLater(String peerId, Collection<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    synchronized (marksLock) {
      marks.computeIfAbsent(peerId, p -> new LinkedHashSet<>()).addAll(ids);
      if (marksQueued) {
        return;
      }
      marksQueued = true;
    }
    db.deferStatements("markDelivered", this::writeMarks);
  }

  /** Writes the queued marks now (the daemon's once-a-second flush, closing). */
  void flush() {
    db.writeDeferred();
  }

  /**
   * Writes every queued mark in one statement (per {@link #MARKS_PER_STATEMENT}), whatever the
   * number of peers: a broadcast's acknowledgements were one statement per recipient, most of the
   * cost of the next commit.
   */
  private void writeMarks() {
    Map<String, Set<String>> batch;
    synchronized (marksLock) {
      batch = marks;
      marks = new LinkedHashMap<>();
      marksQueued = false;
    }
    List<String> peers = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    batch.forEach(
        (peer, marked) ->
            marked.forEach(
                id -> {
                  peers.add(peer);
                  ids.add(id);
                }));
    for (int from = 0; from < ids.size(); from += MARKS_PER_STATEMENT) {
      int to = Math.min(ids.size(), from + MARKS_PER_STATEMENT);
      db.update(
          "markDelivered",
          sql.markDeliveredPairs,
          new TextList(peers.subList(from, to)),
          new TextList(ids.subList(from, to)));
    }
  }
}
