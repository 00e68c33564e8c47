package dev.slmmesh.store;

import dev.slmmesh.wire.Message;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The messages table, one row per recipient, and the receipts of messages that expired unseen. In
 * the SQL stores every read of message rows goes through {@link MessageReads}, which first writes
 * the delivery marks {@link #markDeliveredLater} queued.
 */
public interface MessageStore {
  /** Inserts all rows in one transaction, in list order (which is their delivery order). */
  void insert(List<Message> messages);

  /**
   * Reads an inbox newest first (latest inserted first, which is creation order because the broker
   * stamps each message as it inserts it) and, in the same transaction, sets {@code readAt = now}
   * on the returned rows that were unread (already-read rows keep their read time). Returns the
   * rows as they were before marking.
   */
  List<Message> takeInbox(InboxQuery query, Instant now);

  /** Messages to {@code peerId} neither delivered nor read, oldest first (delivery order). */
  List<Message> pendingFor(String peerId, int limit);

  /** Marks delivered those of {@code ids} addressed to {@code peerId}; returns how many changed. */
  int markDelivered(String peerId, Collection<String> ids);

  /**
   * Like {@link #markDelivered}, but the write may wait for the next commit of any other write or
   * for {@link Store#flushDeferred}, whichever comes first; reads through this interface see it at
   * once. A crash may lose it, which only makes the messages pending again (pushed once more).
   */
  void markDeliveredLater(String peerId, Collection<String> ids);

  /** Marks read (if unread) those of {@code ids} addressed to {@code peerId}. */
  int markRead(String peerId, Collection<String> ids, Instant now);

  /** Messages with the given ids sent by {@code fromPeer} (for delivery receipts). */
  List<Message> sentBy(String fromPeer, Collection<String> ids);

  /**
   * The timeline of every recipient, newest first (latest inserted first): the newest {@code limit}
   * rows, or with {@code beforeId} the {@code limit} rows inserted before that row (none if it is
   * gone). For the dashboard; a broadcast is one row per recipient.
   */
  List<Message> recent(@Nullable String beforeId, int limit);

  /**
   * Deletes messages created before {@code createdBefore}, in insertion order: the old rows
   * inserted before the first row that is not old. A row stamped earlier than one inserted before
   * it (a clock that went backwards) is therefore pruned when the rows before it are. Cheap when
   * nothing is old enough; returns how many rows were deleted.
   */
  int prune(Instant createdBefore);

  /**
   * Prunes as {@link #prune}; the pruned messages that were neither delivered nor read leave a
   * receipt (id, sender, recipient, creation time, stamped {@code now}) for {@link #expiredSentBy}
   * until {@link #forgetExpired}, and are returned (payload included).
   */
  List<Message> expire(Instant createdBefore, Instant now);

  /** Receipts of {@code fromPeer}'s messages among {@code ids} that expired unseen (no payload). */
  List<Message> expiredSentBy(String fromPeer, Collection<String> ids);

  /** The peer's messages that are neither delivered nor read, counted up to {@code limit}. */
  int countUndelivered(String peerId, int limit);

  /**
   * Forgets the receipts of messages that expired before {@code expiredBefore}; returns how many.
   */
  int forgetExpired(Instant expiredBefore);
}
