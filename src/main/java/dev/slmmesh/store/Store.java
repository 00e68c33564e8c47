package dev.slmmesh.store;

import dev.slmmesh.wire.Event;
import dev.slmmesh.wire.Lock;
import dev.slmmesh.wire.Message;
import dev.slmmesh.wire.StateEntry;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Durable state of one mesh: peers, credentials, messages, shared state, locks and events. All
 * times are instants and every comparison is by instant. Implementations are thread-safe; each
 * method is atomic, and {@link #atomically} groups several into one transaction. The contract is
 * pinned by {@code AbstractStoreContractTest}.
 */
public interface Store extends AutoCloseable {

  /** Runs {@code work} in one transaction; nested calls on the same thread join the outer one. */
  <T> T atomically(Supplier<T> work);

  /**
   * Runs {@code action} once the calling thread's current transaction has committed (never, if it
   * rolls back), or at once outside a transaction. For telling others about a write only after it
   * is stored. The action must be quick and must not throw; it may run holding the store's lock,
   * so it must not call the store.
   */
  void afterCommit(Runnable action);

  // ---- peers -------------------------------------------------------------------------------

  void insertPeer(PeerRecord peer);

  /** Replaces every field of an existing peer except its id and start time; false if absent. */
  boolean updatePeer(PeerRecord peer);

  Optional<PeerRecord> findPeer(String id);

  /** Active peers matching the query, in registration order. */
  List<PeerRecord> listPeers(PeerQuery query);

  /**
   * Heartbeat: sets last heartbeat to {@code now} and status to active; false if absent. Reads
   * through this interface see it at once; an implementation may write the time of an already
   * active peer behind, until the next {@link #flushDeferred} (a crash then loses at most that
   * much heartbeat history).
   */
  boolean touchPeer(String id, Instant now);

  boolean updateSummary(String id, String summary);

  boolean updateDeliveryPath(String id, String deliveryPath);

  /** Active peers whose last heartbeat is before {@code cutoff} become stale; returns their ids. */
  List<String> markStale(Instant cutoff);

  /** Stale peers whose last heartbeat is before {@code cutoff}. */
  List<PeerRecord> findDead(Instant cutoff);

  /** Deletes the peer row only (locks and credential are separate); false if absent. */
  boolean deletePeer(String id);

  // ---- credentials (hashes only; kept across dead-timeout so a peer can reclaim its id) ------

  Optional<String> credentialHash(String peerId);

  void saveCredential(String peerId, String hash);

  void deleteCredential(String peerId);

  // ---- messages ------------------------------------------------------------------------------

  /** Inserts all rows in one transaction, in list order (which is their delivery order). */
  void insertMessages(List<Message> messages);

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
   * for {@link #flushDeferred}, whichever comes first; reads through this interface see it at
   * once. A crash may lose it, which only makes the messages pending again (pushed once more).
   */
  void markDeliveredLater(String peerId, Collection<String> ids);

  /** Marks read (if unread) those of {@code ids} addressed to {@code peerId}. */
  int markRead(String peerId, Collection<String> ids, Instant now);

  /** Messages with the given ids sent by {@code fromPeer} (for delivery receipts). */
  List<Message> sentBy(String fromPeer, Collection<String> ids);

  /**
   * The timeline of every recipient, newest first (latest inserted first): the newest {@code
   * limit} rows, or with {@code beforeId} the {@code limit} rows inserted before that row (none if
   * it is gone). For the dashboard; a broadcast is one row per recipient.
   */
  List<Message> recentMessages(@Nullable String beforeId, int limit);

  /**
   * Deletes messages created before {@code createdBefore}, in insertion order: the old rows
   * inserted before the first row that is not old. A row stamped earlier than one inserted before
   * it (a clock that went backwards) is therefore pruned when the rows before it are. Cheap when
   * nothing is old enough; returns how many rows were deleted.
   */
  int pruneMessages(Instant createdBefore);

  /**
   * Prunes as {@link #pruneMessages}; the pruned messages that were neither delivered nor read
   * leave a receipt (id, sender, recipient, creation time, stamped {@code now}) for {@link
   * #expiredSentBy} until {@link #forgetExpired}, and are returned (payload included).
   */
  List<Message> expireMessages(Instant createdBefore, Instant now);

  /** Receipts of {@code fromPeer}'s messages among {@code ids} that expired unseen (no payload). */
  List<Message> expiredSentBy(String fromPeer, Collection<String> ids);

  /** The peer's messages that are neither delivered nor read, counted up to {@code limit}. */
  int countUndelivered(String peerId, int limit);

  /** Forgets the receipts of messages that expired before {@code expiredBefore}; returns how many. */
  int forgetExpired(Instant expiredBefore);

  // ---- shared state --------------------------------------------------------------------------

  Optional<StateEntry> getState(String namespace, String key);

  /** Insert or replace; returns what was stored. */
  StateEntry putState(StateEntry entry);

  List<StateEntry> listState(String namespace);

  /** Every namespace's entries, ordered by namespace then key, at most {@code limit}. */
  List<StateEntry> allState(int limit);

  boolean deleteState(String namespace, String key);

  // ---- locks ---------------------------------------------------------------------------------

  /**
   * Atomically: if {@code wanted.filePath()} has an unexpired lock held by someone else, refuse
   * and return it; if held (unexpired) by the same owner, renew it (new expiry; new reason unless
   * the wanted one is empty; the original lock time kept); otherwise (absent or expired) replace it with {@code wanted}.
   */
  LockResult acquireLock(Lock wanted, Instant now);

  /** Deletes the lock on {@code filePath} if {@code owner} holds it (expired or not). */
  boolean releaseLock(String filePath, String owner);

  /** Unexpired locks, on one path or (path null) all, ordered by path. */
  List<Lock> activeLocks(@Nullable String filePath, Instant now);

  int deleteExpiredLocks(Instant now);

  /** Deletes every lock {@code owner} holds; returns their paths. */
  List<String> releaseLocksOf(String owner);

  // ---- events --------------------------------------------------------------------------------

  void insertEvent(Event event);

  /** Newest first (ties broken by insertion order, newest first). */
  List<Event> events(EventQuery query);

  int pruneEvents(Instant createdBefore);

  // ---- housekeeping --------------------------------------------------------------------------

  /**
   * Runs {@code work} unless another broker sharing this store runs housekeeping right now;
   * returns whether it ran. A store of one broker (SQLite) always runs it.
   */
  default boolean housekeeping(Runnable work) {
    work.run();
    return true;
  }

  /**
   * The clock brokers sharing this store agree on: {@code local} itself for a store of one
   * broker, the database server's clock for a shared one (so that lock expiry, staleness and
   * message times mean the same on every broker).
   */
  default java.time.Clock clock(java.time.Clock local) {
    return local;
  }

  /**
   * Opens the channel to the other brokers sharing this store, which from then on also tells them
   * of every message stored ({@link StoreChannel#MESSAGES}); empty for a store of one broker. The
   * store closes it.
   */
  default java.util.Optional<StoreChannel> openChannel() {
    return java.util.Optional.empty();
  }

  Stats stats(Instant now);

  /** Periodic maintenance (SQLite: a WAL checkpoint that keeps the log bounded). */
  void maintain();

  /** Writes what was deferred (heartbeat times, delivery marks); the daemon calls it every second. */
  void flushDeferred();

  @Override
  void close();
}
