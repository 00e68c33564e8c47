package dev.slmmesh.broker;

import dev.slmmesh.store.LockResult;
import dev.slmmesh.store.PeerRecord;
import dev.slmmesh.store.Store;
import dev.slmmesh.wire.Lock;
import dev.slmmesh.wire.MeshLimits;
import dev.slmmesh.wire.Notification;
import dev.slmmesh.wire.Peer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Advisory file locks (docs/wire.md) with our fixes: paths normalized, expiry by instant, renewal
 * by the owner, TTL validated, and the owner proven by credential when it has one.
 */
public final class LockTable {
  /** The broker accepts up to a day; the MCP tool offers 1..60 minutes. */
  public static final double MAX_TTL_MINUTES = MeshLimits.LOCK_TTL_MAX_MINUTES;

  private final Store store;
  private final PeerRegistry peers;
  private final Credentials credentials;
  private final EventBus events;
  private final PushNotifier push;
  private final Clock clock;
  private final LockKeys keys;
  private final LockMirror mirror;

  public LockTable(
      Store store,
      PeerRegistry peers,
      Credentials credentials,
      EventBus events,
      PushNotifier push,
      Clock clock) {
    this(store, peers, credentials, events, push, clock, false, LockMirror.none(store, clock));
  }

  /** {@code hub}: lock keys follow {@link LockKeys}' machine-aware rule. */
  public LockTable(
      Store store,
      PeerRegistry peers,
      Credentials credentials,
      EventBus events,
      PushNotifier push,
      Clock clock,
      boolean hub,
      LockMirror mirror) {
    this.store = store;
    this.peers = peers;
    this.credentials = credentials;
    this.events = events;
    this.push = push;
    this.clock = clock;
    this.keys = new LockKeys(hub, peers.machine().id());
    this.mirror = mirror;
  }

  /** A granted lock; {@code renewed} when its holder locked it again. */
  public record Granted(Lock lock, boolean renewed) {}

  public Granted lock(
      String filePath,
      String peerId,
      @Nullable String credential,
      String reason,
      double ttlMinutes) {
    if (!(ttlMinutes > 0 && ttlMinutes <= MAX_TTL_MINUTES)) {
      throw new BrokerException("ttlMinutes must be a number greater than 0 and at most 1440");
    }
    Limits.maxLength("reason", reason, MeshLimits.REASON_MAX);
    credentials.verify(peerId, credential);
    String path = keys.key(filePath, owner(peerId));
    Instant now = clock.instant();
    Instant expires = now.plusMillis(Math.round(ttlMinutes * 60_000));
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("filePath", path);
    payload.put("lockedBy", peerId);
    payload.put("reason", reason);
    // the lock and its event in one commit
    LockResult result =
        store.atomically(
            tx -> {
              LockResult r = tx.locks().acquire(new Lock(path, peerId, now, expires, reason), now);
              if (r.granted() && r.outcome() != LockResult.Outcome.RENEWED) {
                events.emit("file_locked", payload, peerId);
              }
              return r;
            });
    if (!result.granted()) {
      throw new BrokerException(refusal(result.lock(), now));
    }
    mirror.changed();
    if (result.outcome() == LockResult.Outcome.RENEWED) {
      return new Granted(result.lock(), true);
    }
    push.broadcast(Notification.locked(path, peerId, now));
    return new Granted(result.lock(), false);
  }

  private String refusal(Lock held, Instant now) {
    String holder = peers.find(held.lockedBy()).map(p -> p.peer().name()).orElse(held.lockedBy());
    long msLeft = Duration.between(now, held.expiresAt()).toMillis();
    long minutes = (msLeft + 59_999) / 60_000;
    String why = held.reason().isEmpty() ? "" : ", reason: " + held.reason();
    return "File locked by " + holder + why + ". Expires in " + minutes + " minutes.";
  }

  public void unlock(String filePath, String peerId, @Nullable String credential) {
    credentials.verify(peerId, credential);
    String path = keys.key(filePath, owner(peerId));
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("filePath", path);
    payload.put("unlockedBy", peerId);
    // the release and its event in one commit
    boolean released =
        store.atomically(
            tx -> {
              boolean done = tx.locks().release(path, peerId);
              if (done) {
                events.emit("file_unlocked", payload, peerId);
              }
              return done;
            });
    if (!released) {
      throw new BrokerException("Lock not found or not owned by you");
    }
    mirror.changed();
    push.broadcast(Notification.unlocked(path, clock.instant()));
  }

  /**
   * Releases the lock on {@code lockKey} (a path as stored and listed) whoever holds it: the person
   * at the dashboard freeing a file held by a dead or stuck session. Its {@code file_unlocked}
   * event names {@code actor} as the one who released it and the holder it was taken from. Returns
   * the lock that was released.
   */
  public Lock forceRelease(String lockKey, String actor) {
    Limits.maxLength("filePath", lockKey, 4096);
    Instant now = clock.instant();
    Lock held =
        store.locks().active(lockKey, now).stream()
            .findFirst()
            .orElseThrow(() -> new BrokerException("No active lock on " + lockKey));
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("filePath", lockKey);
    payload.put("unlockedBy", actor);
    payload.put("heldBy", held.lockedBy());
    payload.put("forced", true);
    boolean released =
        store.atomically(
            tx -> {
              boolean done = tx.locks().release(lockKey, held.lockedBy());
              if (done) {
                events.emit("file_unlocked", payload, actor);
              }
              return done;
            });
    if (!released) {
      throw new BrokerException("No active lock on " + lockKey);
    }
    mirror.changed(); // the edit guards' copy of the locks, as for any release
    push.broadcast(Notification.unlocked(lockKey, now));
    return held;
  }

  public List<Lock> query(@Nullable String filePath, @Nullable String peerId) {
    String path = filePath == null || filePath.isEmpty() ? null : keys.key(filePath, owner(peerId));
    return store.locks().active(path, clock.instant());
  }

  private @Nullable Peer owner(@Nullable String peerId) {
    return peerId == null
        ? null
        : peers.find(peerId).map(PeerRecord::peer).map(peers::located).orElse(null);
  }
}
