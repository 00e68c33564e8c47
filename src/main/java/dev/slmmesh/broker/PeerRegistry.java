package dev.slmmesh.broker;

import dev.slmmesh.config.MachineIdentity;
import dev.slmmesh.store.PeerQuery;
import dev.slmmesh.store.PeerRecord;
import dev.slmmesh.store.Store;
import dev.slmmesh.wire.MeshLimits;
import dev.slmmesh.wire.Peer;
import dev.slmmesh.wire.Presence;
import dev.slmmesh.wire.WireText;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Peers: registration (with optional credential and identity reclaim), heartbeats, listing by
 * scope, summaries, and removal with everything a peer holds (locks, link, subscription, budget).
 */
public final class PeerRegistry {
  public static final Set<String> DELIVERY_PATHS = Set.of("channel", "hook", "piggyback", "poll");
  public static final int MAX_SUMMARY = MeshLimits.SUMMARY_MAX;
  static final String ANONYMOUS_RATE_KEY = "\u0000unregistered";

  private final Store store;
  private final Credentials credentials;
  private final SocketPolicy sockets;
  private final PushNotifier push;
  private final Deliveries deliveries;
  private final EventBus events;
  private final RateLimiter rates;
  private final Clock clock;
  private final MachineIdentity machine;
  private final PresenceBoard presence;
  private final LockMirror mirror;

  public PeerRegistry(
      Store store,
      Credentials credentials,
      SocketPolicy sockets,
      PushNotifier push,
      Deliveries deliveries,
      EventBus events,
      RateLimiter rates,
      Clock clock,
      MachineIdentity machine,
      PresenceBoard presence,
      LockMirror mirror) {
    this.store = store;
    this.credentials = credentials;
    this.sockets = sockets;
    this.push = push;
    this.deliveries = deliveries;
    this.events = events;
    this.rates = rates;
    this.clock = clock;
    this.machine = machine;
    this.presence = presence;
    this.mirror = mirror;
  }

  /** A registration's outcome: the peer's id and name, and its credential when one was issued. */
  public record Enrolled(String peerId, String name, @Nullable String credential) {}

  public Enrolled register(Registration r) {
    validate(r);
    // a remote peer's socket path means nothing on this machine: it gets push over WebSocket
    String udsPath = r.remote() ? null : r.udsPath();
    Path socket = udsPath == null || udsPath.isEmpty() ? null : sockets.check(udsPath);
    String id = r.peerId() != null ? reclaimable(r) : UUID.randomUUID().toString();
    String name =
        r.name() == null || r.name().equals("auto") ? "peer-" + id.substring(0, 6) : r.name();
    Instant now = clock.instant();
    Optional<PeerRecord> old = store.peers().find(id);
    Peer peer =
        new Peer(
            id,
            name,
            r.pid(),
            r.projectPath(),
            r.gitRoot(),
            r.gitBranch(),
            r.agentType(),
            old.map(p -> p.peer().summary()).orElse(""),
            udsPath,
            old.map(p -> p.peer().startedAt()).orElse(now),
            now,
            Peer.ACTIVE,
            r.deliveryPath(),
            null,
            r.remote() ? r.machineId() : machine.id(),
            r.remote() ? r.machineName() : machine.name());
    PeerRecord record = new PeerRecord(peer, r.acknowledges());
    String credential =
        store.atomically(
            tx -> {
              if (old.isPresent()) {
                tx.peers().update(record);
              } else {
                tx.peers().insert(record);
              }
              boolean wants = r.requestCredential() || r.remote();
              return wants && !credentials.exists(id) ? credentials.issue(id) : null;
            });
    deliveries.track(id, name, r.acknowledges());
    if (socket != null) {
      push.connect(id, socket, r.acknowledges());
    }
    events.emit("peer_joined", joined(peer), id);
    return new Enrolled(id, name, credential);
  }

  private String reclaimable(Registration r) {
    String id = r.peerId();
    if (id == null || !PeerIds.wellFormed(id)) {
      throw new BrokerException("peerId must be a peer id (UUID) to reclaim an identity");
    }
    credentials.verify(id, r.credential());
    return id.toLowerCase(java.util.Locale.ROOT);
  }

  private static void validate(Registration r) {
    if (r.pid() < 1 || r.pid() > Integer.MAX_VALUE) {
      throw new BrokerException("pid must be a positive integer process id");
    }
    if (!WireText.AGENT_TYPES.contains(r.agentType())) {
      throw new BrokerException(
          "agentType must be one of " + String.join(", ", WireText.AGENT_TYPES));
    }
    if (r.deliveryPath() != null && !DELIVERY_PATHS.contains(r.deliveryPath())) {
      throw new BrokerException("deliveryPath must be one of channel, hook, piggyback, poll");
    }
    if (r.remote() && (r.machineId() == null || r.machineId().isBlank())) {
      throw new BrokerException(
          "machineId is required when registering through a hub's network port");
    }
    Limits.maxLength("machineId", r.machineId(), 64);
    Limits.maxLength("machineName", r.machineName(), 255);
    Limits.maxLength("name", r.name(), 200);
    Limits.maxLength("projectPath", r.projectPath(), 4096);
    Limits.maxLength("gitRoot", r.gitRoot(), 4096);
    Limits.maxLength("gitBranch", r.gitBranch(), 1024);
  }

  private static Map<String, Object> joined(Peer p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("peerId", p.id());
    m.put("name", p.name());
    m.put("agentType", p.agentType());
    m.put("projectPath", p.projectPath());
    m.put("machineName", p.machineName());
    return m;
  }

  /**
   * Clean exit: the peer, its locks, link, subscription and budget go. Its credential stays bound
   * to the id (kept as long as the store): nobody can send as it or register it again without the
   * credential once it had one.
   */
  public void unregister(String peerId, @Nullable String credential) {
    credentials.verify(peerId, credential);
    if (store.peers().find(peerId).isEmpty()) {
      throw new BrokerException(WireText.PEER_NOT_FOUND);
    }
    remove(peerId, "clean_exit");
  }

  /** Removes a peer and everything it holds, then tells the others (event + peer_update). */
  void remove(String peerId, String reason) {
    boolean released =
        store.atomically(
            tx -> {
              boolean any = !tx.locks().releaseAllOf(peerId).isEmpty();
              tx.peers().delete(peerId);
              return any;
            });
    if (released) {
      mirror.changed();
    }
    push.disconnect(peerId);
    events.unsubscribe(peerId);
    deliveries.forget(peerId);
    rates.forget(peerId);
    presence.forget(peerId);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("peerId", peerId);
    payload.put("reason", reason);
    events.emit("peer_left", payload, peerId);
    push.broadcast(dev.slmmesh.wire.Notification.peerLeft(peerId, clock.instant()));
  }

  public void heartbeat(String peerId, @Nullable String credential, @Nullable String deliveryPath) {
    heartbeat(peerId, credential, deliveryPath, null);
  }

  /** A heartbeat that also reports what the session is doing ({@code null}: not reported). */
  public void heartbeat(
      String peerId,
      @Nullable String credential,
      @Nullable String deliveryPath,
      @Nullable Presence now) {
    credentials.verify(peerId, credential);
    rates.acquire(rateKey(peerId));
    if (deliveryPath != null && !DELIVERY_PATHS.contains(deliveryPath)) {
      throw new BrokerException("deliveryPath must be one of channel, hook, piggyback, poll");
    }
    if (!store.peers().touch(peerId, clock.instant())) {
      throw new BrokerException(WireText.PEER_NOT_FOUND);
    }
    if (deliveryPath != null) {
      store.peers().updateDeliveryPath(peerId, deliveryPath);
    }
    if (now != null) {
      presence.report(peerId, now);
    }
    if (push.isConnected(peerId)) {
      deliveries.refresh(peerId);
    } else {
      store.peers().find(peerId).ifPresent(this::relink);
    }
  }

  public void summary(String peerId, @Nullable String credential, String summary) {
    if (summary.length() > MAX_SUMMARY) {
      throw new BrokerException("Summary too long (max " + MAX_SUMMARY + " characters)");
    }
    credentials.verify(peerId, credential);
    if (!store.peers().updateSummary(peerId, summary)) {
      throw new BrokerException(WireText.PEER_NOT_FOUND);
    }
  }

  /**
   * Active peers in a scope: {@code machine} (the caller's machine; the broker's own when the
   * caller is unknown), {@code mesh} (every machine), {@code directory} (same projectPath) or
   * {@code repo} (same git root). When the request omits the path, the registered one of the caller
   * ({@code excludeId}) is used, so repo scope works for clients that never send gitRoot. In a
   * single-machine mesh {@code machine} and {@code mesh} are the same set, as in the original.
   */
  public List<Peer> list(
      String scope,
      @Nullable String projectPath,
      @Nullable String gitRoot,
      @Nullable String excludeId) {
    PeerQuery query;
    String onMachine = null;
    switch (scope) {
      case "machine":
        query = new PeerQuery(null, null, excludeId);
        onMachine = machineOf(excludeId);
        break;
      case "mesh":
        query = new PeerQuery(null, null, excludeId);
        break;
      case "directory":
        query = new PeerQuery(orCallers(projectPath, excludeId, true, scope), null, excludeId);
        break;
      case "repo":
        query = new PeerQuery(null, orCallers(gitRoot, excludeId, false, scope), excludeId);
        break;
      default:
        throw new BrokerException("scope must be one of machine, mesh, directory, repo");
    }
    String wanted = onMachine;
    return store.peers().listActive(query).stream()
        .map(
            p ->
                located(p.peer())
                    .withPushConnected(push.isConnected(p.id()))
                    .withPresence(presence.of(p.id()).orElse(null)))
        .filter(p -> wanted == null || wanted.equals(p.machineId()))
        .toList();
  }

  /** The peer with its machine filled in: rows from before migration 103 ran here. */
  Peer located(Peer p) {
    return p.machineId() == null ? p.withMachine(machine.id(), machine.name()) : p;
  }

  /** The machine id of a registered peer, or this broker's machine for anyone else. */
  String machineOf(@Nullable String peerId) {
    return Optional.ofNullable(peerId)
        .flatMap(store.peers()::find)
        .map(p -> located(p.peer()).machineId())
        .orElse(machine.id());
  }

  /** The machine this broker runs on. */
  public MachineIdentity machine() {
    return machine;
  }

  private String orCallers(
      @Nullable String given, @Nullable String callerId, boolean project, String scope) {
    if (given != null && !given.isEmpty()) {
      return given;
    }
    Optional<Peer> caller =
        callerId == null ? Optional.empty() : store.peers().find(callerId).map(PeerRecord::peer);
    String fromCaller = caller.map(p -> project ? p.projectPath() : p.gitRoot()).orElse(null);
    if (fromCaller == null) {
      throw new BrokerException(
          "scope "
              + scope
              + " needs "
              + (project ? "projectPath" : "gitRoot")
              + " (or excludeId naming a registered peer that has one)");
    }
    return fromCaller;
  }

  public Optional<PeerRecord> find(String peerId) {
    return store.peers().find(peerId);
  }

  /** Active peer or the original's refusal for a direct message. */
  PeerRecord requireActive(String peerId) {
    return store
        .peers()
        .find(peerId)
        .filter(p -> Peer.ACTIVE.equals(p.peer().status()))
        .orElseThrow(() -> new BrokerException(WireText.PEER_NOT_FOUND_OR_INACTIVE));
  }

  /**
   * The rate-limit key for a claimed id: a registered peer has its own budget; every other id
   * shares one, so inventing ids buys nothing (fixes a defect of the original).
   */
  String rateKey(String claimedId) {
    return store.peers().find(claimedId).isPresent() ? claimedId : ANONYMOUS_RATE_KEY;
  }

  /** Re-opens push links to every known peer after a broker restart. */
  public void restoreLinks() {
    store.peers().listActive(PeerQuery.ALL).forEach(this::relink);
  }

  /**
   * (Re)opens the push link of a known peer: after a restart, and on a heartbeat while the link is
   * down, so a live peer never loses push for good (fixes a defect of the original).
   */
  private void relink(PeerRecord p) {
    deliveries.track(p.id(), p.peer().name(), p.acknowledges());
    String uds = p.peer().udsPath();
    // a store shared with brokers elsewhere (PostgreSQL) also holds their peers: their sockets
    // are theirs to reach
    if (uds == null || uds.isEmpty() || !machine.id().equals(located(p.peer()).machineId())) {
      return;
    }
    try {
      push.connect(p.id(), sockets.check(uds), p.acknowledges());
    } catch (BrokerException e) {
      // a path stored by an older version that the policy now refuses: no push for this peer
    }
  }
}
