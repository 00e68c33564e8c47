package dev.slmmesh.store;

import dev.slmmesh.wire.Message;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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
 * Messages, one row per recipient, ordered by the insertion sequence {@code seq}: delivery is
 * oldest first, the inbox newest first, and pruning goes oldest first too. The broker stamps each
 * row with its clock as it inserts it, so insertion order is creation order (up to two sends that
 * race each other within a commit). A read time, once set, is never overwritten (the original overwrote
 * it on every read).
 */
final class MessageTable {
  private final Database db;
  private final Sql sql;
  private final Object marksLock = new Object();
  /** Delivery marks waiting for {@link #writeMarks}, by peer; guarded by {@code marksLock}. */
  private Map<String, Set<String>> marks = new LinkedHashMap<>();
  /** Whether a deferred write of the marks is queued; guarded by {@code marksLock}. */
  private boolean marksQueued;

  MessageTable(Database db, Sql sql) {
    this.db = db;
    this.sql = sql;
  }

  void insert(List<Message> messages) {
    if (messages.isEmpty()) {
      return;
    }
    if (messages.size() == 1) {
      // One statement is atomic on its own; skipping BEGIN/COMMIT saves two round trips.
      insertOne(messages.get(0));
      return;
    }
    db.transaction(
        "insertMessages",
        () -> {
          messages.forEach(this::insertOne);
          return messages.size();
        });
  }

  private void insertOne(Message m) {
    db.update(
        "insertMessages",
        sql.insertMessage,
        m.id(),
        m.fromPeer(),
        m.toPeer(),
        m.type(),
        m.payload(),
        m.createdAt(),
        m.readAt(),
        m.delivered());
  }

  List<Message> takeInbox(InboxQuery q, Instant now) {
    db.writeDeferred();
    return db.transaction(
        "takeInbox",
        () -> {
          List<Message> rows = readInbox(q);
          List<String> unread = new ArrayList<>();
          for (Message m : rows) {
            if (m.readAt() == null) {
              unread.add(m.id());
            }
          }
          if (!unread.isEmpty()) {
            db.update("takeInbox", sql.markRead, now, q.peerId(), new TextList(unread));
          }
          return rows;
        });
  }

  private List<Message> readInbox(InboxQuery q) {
    @Nullable String from = q.from();
    String select = sql.inbox(q.unreadOnly(), from != null);
    if (from == null) {
      return db.query("takeInbox", select, MessageTable::map, q.peerId(), q.limit());
    }
    return db.query("takeInbox", select, MessageTable::map, q.peerId(), from, q.limit());
  }

  List<Message> pendingFor(String peerId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
    db.writeDeferred();
    return db.query("pendingFor", sql.pending, MessageTable::map, peerId, limit);
  }

  int markDelivered(String peerId, Collection<String> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    return db.update("markDelivered", sql.markDelivered, peerId, new TextList(ids));
  }

  /**
   * Queues delivery marks for the next commit; every read of messages writes them first. Marks
   * that arrive before that commit share one deferred write, one statement per peer: a broadcast's
   * acknowledgements were one deferred write (and savepoint) each.
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

  int markRead(String peerId, Collection<String> ids, Instant now) {
    if (ids.isEmpty()) {
      return 0;
    }
    return db.update("markRead", sql.markRead, now, peerId, new TextList(ids));
  }

  List<Message> sentBy(String fromPeer, Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    db.writeDeferred();
    return db.query("sentBy", sql.sentBy, MessageTable::map, fromPeer, new TextList(ids));
  }

  /** Every recipient's rows, newest first; before the row {@code beforeId} when it is given. */
  List<Message> recent(@Nullable String beforeId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
    db.writeDeferred();
    if (beforeId == null) {
      return db.query("recentMessages", sql.recentMessages, MessageTable::map, limit);
    }
    return db.query("recentMessages", sql.messagesBefore, MessageTable::map, beforeId, limit);
  }

  /**
   * Deletes, in insertion order, the rows created before the cutoff up to the first row that was
   * not: a row inserted after that one stays however old its stamp (a clock that went backwards)
   * and goes when the rows before it do. There is no created-at index to keep on every insert: the
   * probe walks the table from its oldest row and stops at the first one to keep, so a sweep with
   * nothing to prune reads one row. The two statements need no transaction: a row inserted between
   * them gets a larger seq than any the probe saw, so it is deleted only if it is old and every row
   * before it is too, as the rule says.
   */
  int prune(Instant createdBefore) {
    return expire(createdBefore, createdBefore).deleted();
  }

  /** What {@link #expire} did: rows deleted, and those of them nobody saw. */
  record Pruned(int deleted, List<Message> unseen) {}

  /**
   * Prunes as {@link #prune} does, in one transaction that first keeps a receipt of each pruned
   * message nobody saw (neither delivered nor read), stamped {@code now}.
   */
  Pruned expire(Instant createdBefore, Instant now) {
    long cutoff = Millis.ceil(createdBefore);
    return db.transaction(
        "pruneMessages",
        () -> {
          db.writeDeferred(); // delivery marks first: a delivered message is not unseen
          Optional<Long> firstKept =
              db.queryOne("pruneMessages", sql.firstMessageSince, row -> row.getLong(1), cutoff);
          List<Message> unseen =
              firstKept.isEmpty()
                  ? db.query("pruneMessages", sql.unseenAll, MessageTable::map, cutoff)
                  : db.query("pruneMessages", sql.unseenBefore, MessageTable::map, firstKept.get(), cutoff);
          for (Message m : unseen) {
            db.update("pruneMessages", sql.insertExpired, m.id(), m.fromPeer(), m.toPeer(), m.createdAt(), now);
          }
          int deleted =
              firstKept.isEmpty()
                  ? db.update("pruneMessages", sql.pruneAllMessages, cutoff)
                  : db.update("pruneMessages", sql.pruneMessagesBefore, firstKept.get(), cutoff);
          return new Pruned(deleted, unseen);
        });
  }

  /** Receipts of {@code fromPeer}'s messages among {@code ids} that expired unseen. */
  List<Message> expiredSentBy(String fromPeer, Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return db.query(
        "expiredSentBy",
        sql.expiredSentBy,
        row ->
            new Message(
                row.getString("id"), row.getString("from_peer"), row.getString("to_peer"), "text", "",
                Millis.read(row, "created_at"), null, false),
        fromPeer,
        new TextList(ids));
  }

  /** The recipient's messages neither delivered nor read, counted up to {@code limit}. */
  int countUndelivered(String peerId, int limit) {
    db.writeDeferred();
    return db.queryOne("countUndelivered", sql.countUndelivered, row -> row.getInt(1), peerId, limit)
        .orElse(0);
  }

  /** Forgets the receipts of messages that expired before {@code expiredBefore}. */
  int forgetExpired(Instant expiredBefore) {
    return db.update("forgetExpired", sql.forgetExpired, Millis.ceil(expiredBefore));
  }

  private static Message map(ResultSet row) throws SQLException {
    return new Message(
        row.getString("id"),
        row.getString("from_peer"),
        row.getString("to_peer"),
        row.getString("type"),
        row.getString("payload"),
        Millis.read(row, "created_at"),
        Millis.readNullable(row, "read_at"),
        row.getLong("delivered") != 0);
  }
}
