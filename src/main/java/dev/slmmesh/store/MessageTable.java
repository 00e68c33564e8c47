package dev.slmmesh.store;

import dev.slmmesh.wire.Message;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Messages, one row per recipient, ordered by the insertion sequence {@code seq}: delivery is
 * oldest first, the inbox newest first, and pruning goes oldest first too. The broker stamps each
 * row with its clock as it inserts it, so insertion order is creation order (up to two sends that
 * race each other within a commit). A read time, once set, is never overwritten (the original
 * overwrote it on every read).
 *
 * <p>It is given only the writing half of the database: every read of its rows goes through {@link
 * MessageReads}, which writes the deferred delivery marks first.
 */
final class MessageTable implements MessageStore {
  private final SqlWrites db;
  private final MessageReads reads;
  private final Sql sql;

  /**
   * Told of every batch inserted (the PostgreSQL store tells the other brokers once it commits).
   */
  private final Consumer<List<Message>> inserted;

  MessageTable(SqlWrites db, MessageReads reads, Sql sql, Consumer<List<Message>> inserted) {
    this.db = db;
    this.reads = reads;
    this.sql = sql;
    this.inserted = inserted;
  }

  @Override
  public void insert(List<Message> messages) {
    if (messages.isEmpty()) {
      return;
    }
    if (messages.size() <= Sql.MESSAGE_ROWS_PER_INSERT) {
      // One statement is atomic on its own; skipping BEGIN/COMMIT saves two round trips.
      insertRows(messages);
    } else {
      db.transaction(
          "insertMessages",
          () -> {
            for (int from = 0; from < messages.size(); from += Sql.MESSAGE_ROWS_PER_INSERT) {
              insertRows(
                  messages.subList(
                      from, Math.min(messages.size(), from + Sql.MESSAGE_ROWS_PER_INSERT)));
            }
            return messages.size();
          });
    }
    inserted.accept(messages);
  }

  /** Up to {@link Sql#MESSAGE_ROWS_PER_INSERT} rows in one statement, in list order. */
  private void insertRows(List<Message> rows) {
    @Nullable Object[] params = new Object[rows.size() * 8];
    int i = 0;
    for (Message m : rows) {
      params[i++] = m.id();
      params[i++] = m.fromPeer();
      params[i++] = m.toPeer();
      params[i++] = m.type();
      params[i++] = m.payload();
      params[i++] = m.createdAt();
      params[i++] = m.readAt();
      params[i++] = m.delivered();
    }
    db.update("insertMessages", sql.insertMessages(rows.size()), params);
  }

  @Override
  public List<Message> takeInbox(InboxQuery q, Instant now) {
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
      return reads.query("takeInbox", select, MessageTable::map, q.peerId(), q.limit());
    }
    return reads.query("takeInbox", select, MessageTable::map, q.peerId(), from, q.limit());
  }

  @Override
  public List<Message> pendingFor(String peerId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
    return reads.query("pendingFor", sql.pending, MessageTable::map, peerId, limit);
  }

  @Override
  public int markDelivered(String peerId, Collection<String> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    return db.update("markDelivered", sql.markDelivered, peerId, new TextList(ids));
  }

  @Override
  public void markDeliveredLater(String peerId, Collection<String> ids) {
    reads.markDeliveredLater(peerId, ids);
  }

  @Override
  public int markRead(String peerId, Collection<String> ids, Instant now) {
    if (ids.isEmpty()) {
      return 0;
    }
    return db.update("markRead", sql.markRead, now, peerId, new TextList(ids));
  }

  @Override
  public List<Message> sentBy(String fromPeer, Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return reads.query("sentBy", sql.sentBy, MessageTable::map, fromPeer, new TextList(ids));
  }

  /** Every recipient's rows, newest first; before the row {@code beforeId} when it is given. */
  @Override
  public List<Message> recent(@Nullable String beforeId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
    if (beforeId == null) {
      return reads.query("recentMessages", sql.recentMessages, MessageTable::map, limit);
    }
    return reads.query("recentMessages", sql.messagesBefore, MessageTable::map, beforeId, limit);
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
  @Override
  public int prune(Instant createdBefore) {
    return expireRows(createdBefore, createdBefore).deleted();
  }

  @Override
  public List<Message> expire(Instant createdBefore, Instant now) {
    return expireRows(createdBefore, now).unseen();
  }

  /** What {@link #expireRows} did: rows deleted, and those of them nobody saw. */
  record Pruned(int deleted, List<Message> unseen) {}

  /**
   * Prunes as {@link #prune} does, in one transaction that first keeps a receipt of each pruned
   * message nobody saw (neither delivered nor read), stamped {@code now}.
   */
  Pruned expireRows(Instant createdBefore, Instant now) {
    long cutoff = Millis.ceil(createdBefore);
    return db.transaction(
        "pruneMessages",
        () -> {
          // reads write the delivery marks first: a delivered message is not unseen
          Optional<Long> firstKept =
              reads.queryOne("pruneMessages", sql.firstMessageSince, row -> row.getLong(1), cutoff);
          List<Message> unseen =
              firstKept.isEmpty()
                  ? reads.query("pruneMessages", sql.unseenAll, MessageTable::map, cutoff)
                  : reads.query(
                      "pruneMessages",
                      sql.unseenBefore,
                      MessageTable::map,
                      firstKept.get(),
                      cutoff);
          for (Message m : unseen) {
            db.update(
                "pruneMessages",
                sql.insertExpired,
                m.id(),
                m.fromPeer(),
                m.toPeer(),
                m.createdAt(),
                now);
          }
          int deleted =
              firstKept.isEmpty()
                  ? db.update("pruneMessages", sql.pruneAllMessages, cutoff)
                  : db.update("pruneMessages", sql.pruneMessagesBefore, firstKept.get(), cutoff);
          return new Pruned(deleted, unseen);
        });
  }

  /** Receipts of {@code fromPeer}'s messages among {@code ids} that expired unseen. */
  @Override
  public List<Message> expiredSentBy(String fromPeer, Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return reads.query(
        "expiredSentBy",
        sql.expiredSentBy,
        row ->
            new Message(
                row.getString("id"),
                row.getString("from_peer"),
                row.getString("to_peer"),
                "text",
                "",
                Millis.read(row, "created_at"),
                null,
                false),
        fromPeer,
        new TextList(ids));
  }

  /** The recipient's messages neither delivered nor read, counted up to {@code limit}. */
  @Override
  public int countUndelivered(String peerId, int limit) {
    return reads
        .queryOne("countUndelivered", sql.countUndelivered, row -> row.getInt(1), peerId, limit)
        .orElse(0);
  }

  /** Forgets the receipts of messages that expired before {@code expiredBefore}. */
  @Override
  public int forgetExpired(Instant expiredBefore) {
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
