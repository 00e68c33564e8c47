package dev.slmmesh.store;

import dev.slmmesh.wire.Peer;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The committed peer rows and credential hashes in memory, for {@link PeerTable}. Changes arrive
 * from after-commit hooks (in commit order) and from deferred heartbeats; reads never block. Each
 * peer keeps its registration order, so listing matches {@code ORDER BY seq}. Heartbeat times only
 * ever move forward, whatever order a heartbeat and a row update arrive in.
 */
final class PeerCache implements CachedPeers {
  private record Entry(PeerRecord record, long order) {}

  private final Map<String, Entry> peers = new ConcurrentHashMap<>();
  private final Map<String, String> credentials = new ConcurrentHashMap<>();
  private final Map<String, Instant> deferredHeartbeats = new ConcurrentHashMap<>();
  private final AtomicLong nextOrder = new AtomicLong();

  // ---- peers -------------------------------------------------------------------------------

  /** A new row (or one loaded at start-up, in registration order). */
  void put(PeerRecord record) {
    peers.put(record.id(), new Entry(stored(record), nextOrder.getAndIncrement()));
  }

  /**
   * A whole-row update, as {@code UPDATE peers} does it: the start time and the registration order
   * stay, and so does a later heartbeat time.
   */
  void replace(PeerRecord record) {
    peers.computeIfPresent(
        record.id(),
        (id, e) -> {
          Peer p = record.peer();
          Peer old = e.record().peer();
          Peer row =
              copy(
                  p,
                  old.startedAt(),
                  p.summary(),
                  p.deliveryPath(),
                  later(Millis.stored(p.lastHeartbeat()), old.lastHeartbeat()),
                  p.status());
          return new Entry(new PeerRecord(row, record.acknowledges()), e.order());
        });
  }

  @Override
  public PeerRecord withLatestHeartbeat(PeerRecord row) {
    Instant deferred = deferredHeartbeats.get(row.id());
    if (deferred == null || !deferred.isAfter(row.peer().lastHeartbeat())) {
      return row;
    }
    Peer p = row.peer();
    return new PeerRecord(
        copy(p, p.summary(), p.deliveryPath(), deferred, p.status()), row.acknowledges());
  }

  void update(String id, UnaryOperator<Peer> change) {
    peers.computeIfPresent(
        id,
        (k, e) ->
            new Entry(
                new PeerRecord(change.apply(e.record().peer()), e.record().acknowledges()),
                e.order()));
  }

  void remove(String id) {
    peers.remove(id);
    deferredHeartbeats.remove(id);
  }

  @Override
  public Optional<PeerRecord> find(String id) {
    Entry e = peers.get(id);
    return e == null ? Optional.empty() : Optional.of(e.record());
  }

  @Override
  public List<PeerRecord> listActive(PeerQuery q) {
    return peers.values().stream()
        .filter(e -> matches(e.record().peer(), q))
        .sorted(Comparator.comparingLong(Entry::order))
        .map(Entry::record)
        .toList();
  }

  private static boolean matches(Peer p, PeerQuery q) {
    return Peer.ACTIVE.equals(p.status())
        && (q.projectPath() == null || q.projectPath().equals(p.projectPath()))
        && (q.gitRoot() == null || q.gitRoot().equals(p.gitRoot()))
        && (q.excludeId() == null || !q.excludeId().equals(p.id()));
  }

  // ---- heartbeats ----------------------------------------------------------------------------

  /**
   * Records a heartbeat of a peer that is active here, to be written by the next flush; false (and
   * nothing changed) if the peer is absent or not active.
   */
  boolean touchIfActive(String id, Instant now) {
    boolean[] touched = {false};
    peers.computeIfPresent(
        id,
        (k, e) -> {
          Peer p = e.record().peer();
          if (!Peer.ACTIVE.equals(p.status())) {
            return e;
          }
          touched[0] = true;
          Instant at = Millis.stored(now);
          deferredHeartbeats.merge(id, at, PeerCache::later);
          return withPeer(
              e, copy(p, p.summary(), p.deliveryPath(), later(at, p.lastHeartbeat()), p.status()));
        });
    return touched[0];
  }

  void reactivate(String id, Instant now) {
    Instant at = Millis.stored(now);
    update(
        id, p -> copy(p, p.summary(), p.deliveryPath(), later(at, p.lastHeartbeat()), Peer.ACTIVE));
  }

  void markStale(String id) {
    update(id, p -> copy(p, p.summary(), p.deliveryPath(), p.lastHeartbeat(), Peer.STALE));
  }

  /** Removes and returns the heartbeats waiting to be written. */
  Map<String, Instant> takeHeartbeats() {
    Map<String, Instant> due = new HashMap<>();
    for (String id : List.copyOf(deferredHeartbeats.keySet())) {
      Instant at = deferredHeartbeats.remove(id);
      if (at != null) {
        due.put(id, at);
      }
    }
    return due;
  }

  /** Puts back heartbeats whose write failed, unless newer ones arrived meanwhile. */
  void restoreHeartbeats(Map<String, Instant> due) {
    due.forEach(
        (id, at) -> {
          if (peers.containsKey(id)) {
            deferredHeartbeats.merge(id, at, PeerCache::later);
          }
        });
  }

  // ---- credentials ---------------------------------------------------------------------------

  @Override
  public Optional<String> credential(String peerId) {
    return Optional.ofNullable(credentials.get(peerId));
  }

  void putCredential(String peerId, String hash) {
    credentials.put(peerId, hash);
  }

  void removeCredential(String peerId) {
    credentials.remove(peerId);
  }

  // ---- copies of the immutable wire record ---------------------------------------------------

  static Peer withSummary(Peer p, String summary) {
    return copy(p, summary, p.deliveryPath(), p.lastHeartbeat(), p.status());
  }

  static Peer withDeliveryPath(Peer p, String deliveryPath) {
    return copy(p, p.summary(), deliveryPath, p.lastHeartbeat(), p.status());
  }

  private static Entry withPeer(Entry e, Peer p) {
    return new Entry(new PeerRecord(p, e.record().acknowledges()), e.order());
  }

  private static Peer copy(
      Peer p, String summary, @Nullable String deliveryPath, Instant lastHeartbeat, String status) {
    return copy(p, p.startedAt(), summary, deliveryPath, lastHeartbeat, status);
  }

  /** {@code p} with the fields a row update may change; cached rows never carry push state. */
  private static Peer copy(
      Peer p,
      Instant startedAt,
      String summary,
      @Nullable String deliveryPath,
      Instant lastHeartbeat,
      String status) {
    return new Peer(
        p.id(),
        p.name(),
        p.pid(),
        p.projectPath(),
        p.gitRoot(),
        p.gitBranch(),
        p.agentType(),
        summary,
        p.udsPath(),
        startedAt,
        lastHeartbeat,
        status,
        deliveryPath,
        null,
        p.machineId(),
        p.machineName());
  }

  /** The record as its row reads back: instants in whole milliseconds, no push state. */
  private static PeerRecord stored(PeerRecord record) {
    Peer p = record.peer();
    Peer row =
        copy(
            p,
            Millis.stored(p.startedAt()),
            p.summary(),
            p.deliveryPath(),
            Millis.stored(p.lastHeartbeat()),
            p.status());
    return new PeerRecord(row, record.acknowledges());
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
