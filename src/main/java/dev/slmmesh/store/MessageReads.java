package dev.slmmesh.store;

import dev.slmmesh.store.SqlReads.RowMapper;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one way to read the messages table, and the queue of its deferred delivery marks: every
 * read first writes the marks queued since the last commit, so no read can see a message as
 * pending that an acknowledgement already marked. {@link MessageTable} holds no other way to read
 * its rows (it gets only {@link SqlWrites} of the database), and neither does anything else that
 * reads messages ({@link JdbcStore#stats}).
 *
 * <p>Marks that arrive before the next commit of any writer share one deferred write, one
 * statement per peer (a broadcast's acknowledgements were one deferred write and savepoint each).
 */
final class MessageReads {
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

  <T> List<T> query(String operation, String statement, RowMapper<T> mapper, @Nullable Object... params) {
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

  /** Writes every queued mark; each peer's statement may fail alone (the first failure is thrown). */
  private void writeMarks() {
    Map<String, Set<String>> batch;
    synchronized (marksLock) {
      batch = marks;
      marks = new LinkedHashMap<>();
      marksQueued = false;
    }
    @Nullable RuntimeException failure = null;
    for (Map.Entry<String, Set<String>> e : batch.entrySet()) {
      try {
        db.update("markDelivered", sql.markDelivered, e.getKey(), new TextList(e.getValue()));
      } catch (RuntimeException ex) {
        if (failure == null) {
          failure = ex;
        } else {
          failure.addSuppressed(ex);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
