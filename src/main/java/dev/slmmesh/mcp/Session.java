package dev.slmmesh.mcp;

import dev.slmmesh.client.BrokerClient;
import dev.slmmesh.client.BrokerEnsurer;
import dev.slmmesh.client.BrokerUnavailableException;
import dev.slmmesh.client.HttpMeshApi;
import dev.slmmesh.client.MeshApi;
import dev.slmmesh.client.MeshRefusedException;
import dev.slmmesh.wire.MessageApi;
import dev.slmmesh.wire.PeerApi;
import dev.slmmesh.wire.StatusApi;
import dev.slmmesh.wire.Timestamps;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * This agent session as a mesh peer: makes sure a broker runs, registers in the background,
 * heartbeats, and when the broker dies or forgets the peer, starts one again and reclaims the same
 * id, name and inbox with the credential. Tool calls wait for registration (bounded). All broker
 * work of this class runs on one scheduler thread, so recoveries never overlap. Thread-safe.
 */
final class Session implements AutoCloseable {

  private final BrokerClient client;
  private final MeshApi api;
  private final BrokerEnsurer ensurer;
  private final Supplier<Profile> probe;
  private final Supplier<String> deliveryPath;
  private final ReadMarks reads;
  private final CredentialFile credentialFile;
  private final ScheduledExecutorService scheduler;
  private final Duration heartbeat;
  private final Duration readyWait;
  private final Consumer<Identity> registered;
  private final PresenceTracker presence;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile @Nullable Identity identity;
  private volatile @Nullable String summary;
  private volatile int registeredGeneration;
  private @Nullable Profile profile;
  private @Nullable CompletableFuture<Identity> connecting;

  /**
   * @param probe computes the registration profile (agent detection, git, push socket); run once
   * @param readyWait how long a tool call waits for the broker and registration
   * @param registered told (on the session thread) after every registration
   * @param presence reported with every heartbeat and at once when it changes
   */
  Session(
      BrokerClient client,
      BrokerEnsurer ensurer,
      Supplier<Profile> probe,
      Supplier<String> deliveryPath,
      ReadMarks reads,
      CredentialFile credentialFile,
      ScheduledExecutorService scheduler,
      Duration heartbeat,
      Duration readyWait,
      Consumer<Identity> registered,
      PresenceTracker presence) {
    this.client = client;
    this.api = new HttpMeshApi(client);
    this.ensurer = ensurer;
    this.probe = probe;
    this.deliveryPath = deliveryPath;
    this.reads = reads;
    this.credentialFile = credentialFile;
    this.scheduler = scheduler;
    this.heartbeat = heartbeat;
    this.readyWait = readyWait;
    this.registered = registered;
    this.presence = presence;
  }

  /**
   * Starts registering in the background and schedules the heartbeat; returns at once. Runs once:
   * after the handshake, or at the first tool call of a client that skipped it.
   */
  void start() {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    recover(null);
    long period = heartbeat.toMillis();
    scheduler.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
  }

  /** The identity, waiting for registration if it is still under way. */
  Identity identity() {
    Identity id = identity;
    if (id != null) {
      return id;
    }
    start();
    return await(recover(null));
  }

  /** The identity if registered, without waiting. */
  @Nullable Identity current() {
    return identity;
  }

  synchronized Profile profile() {
    if (profile == null) {
      profile = probe.get();
    }
    return profile;
  }

  /** Sent again when the session has to register anew, so peers keep seeing it. */
  void rememberSummary(String text) {
    summary = text;
  }

  /** The broker's API; peer-scoped calls go through {@link #exchange}, which signs and recovers. */
  MeshApi api() {
    return api;
  }

  /**
   * A peer-scoped call as this session's identity. When the broker is gone or no longer knows this
   * peer, the session recovers (new broker, same identity) and the call is made once more.
   */
  <T> T exchange(Function<Identity, T> call) {
    Identity id = identity();
    T answer;
    try {
      answer = call.apply(id);
    } catch (BrokerUnavailableException e) {
      if (!brokerGone(e)) {
        throw e;
      }
      Log.LOG.info("Broker unreachable ({}); starting one and registering again", e.getMessage());
      return call.apply(await(recover(id)));
    } catch (MeshRefusedException e) {
      if (!e.lostIdentity()) {
        throw e;
      }
      Log.LOG.info(
          "Broker no longer knows this peer ({}); registering peer {} again",
          e.getMessage(),
          id.peerId());
      return call.apply(await(recover(id)));
    }
    if (brokerChanged()) {
      Log.LOG.info("Broker was replaced; registering peer {} again", id.peerId());
      await(recover(id));
    }
    return answer;
  }

  /** True when another broker instance answers than the one this session registered with. */
  private boolean brokerChanged() {
    return client.generation() != registeredGeneration;
  }

  /** {@code /status}; a dead broker is restarted first. */
  StatusApi.Status status() {
    try {
      return api.status();
    } catch (BrokerUnavailableException e) {
      if (!brokerGone(e)) {
        throw e;
      }
      await(recover(identity));
      return api.status();
    }
  }

  /** Tells the broker which messages the model has seen; kept for later if it cannot. */
  void flushReads() {
    Identity id = identity;
    if (id == null || reads.isEmpty()) {
      return;
    }
    List<String> ids = reads.drain();
    try {
      api.markRead(new MessageApi.Ids(id.peerId(), id.credential(), ids));
    } catch (MeshRefusedException e) {
      Log.LOG.warn("Broker refused to mark {} messages read: {}", ids.size(), e.getMessage());
      if (e.lostIdentity()) {
        reads.add(ids);
      }
    } catch (BrokerUnavailableException e) {
      if (e.status() == 404) {
        Log.LOG.debug("This broker has no /messages/read; read marks stay local");
      } else {
        reads.add(ids);
      }
    }
  }

  /** Schedules {@link #flushReads} on the session thread. */
  void flushReadsSoon() {
    if (!closed.get()) {
      scheduler.execute(this::flushReads);
    }
  }

  /** Unregisters (bounded to about a second) and stops the background work; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    scheduler.shutdownNow();
    awaitBackgroundWork();
    credentialFile.remove();
    Identity id = identity;
    if (id == null) {
      return;
    }
    BrokerClient quick = client.withTimeouts(Duration.ofMillis(300), Duration.ofMillis(700));
    try {
      new HttpMeshApi(quick).unregister(new PeerApi.PeerRef(id.peerId(), id.credential()));
      Log.LOG.info("Unregistered {} ({})", id.name(), id.peerId());
    } catch (BrokerUnavailableException | MeshRefusedException e) {
      Log.LOG.warn("Could not unregister {}: {}", id.peerId(), e.getMessage());
    }
  }

  /**
   * Waits (bounded) for a registration in flight, so that none outlives the session: it would
   * otherwise register a peer nobody unregisters, or start a broker after the session ended.
   */
  private void awaitBackgroundWork() {
    try {
      if (!scheduler.awaitTermination(2, TimeUnit.SECONDS)) {
        Log.LOG.debug("Background work still running after the session closed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized CompletableFuture<Identity> recover(@Nullable Identity failed) {
    if (connecting == null || connecting.isDone()) {
      connecting = CompletableFuture.supplyAsync(() -> connect(failed), scheduler);
    }
    return connecting;
  }

  private Identity await(CompletableFuture<Identity> pending) {
    try {
      return pending.get(readyWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw BrokerUnavailableException.other(
          "not connected to the broker after "
              + readyWait.toSeconds()
              + " s; still trying in the background");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof BrokerUnavailableException) {
        throw (BrokerUnavailableException) e.getCause();
      }
      throw new IllegalStateException("registration failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BrokerUnavailableException.other("interrupted while waiting for the broker");
    }
  }

  /**
   * Runs on the scheduler: ensures a broker and registers, reclaiming the current identity. Does
   * nothing when another recovery already replaced the identity that failed.
   */
  private Identity connect(@Nullable Identity failed) {
    Identity current = identity;
    if (current != null && current != failed) {
      return current;
    }
    if (closed.get()) {
      throw BrokerUnavailableException.other("the session has ended");
    }
    Profile p = profile();
    ensurer.ensure();
    Identity fresh = register(p, current);
    registeredGeneration = client.generation();
    identity = fresh;
    credentialFile.record(fresh);
    restoreSummary(fresh, current);
    flushReads();
    registered.accept(fresh);
    if (presence.current() != null) {
      reportPresenceSoon(); // what happened before the registration
    }
    return fresh;
  }

  /** A broker that lost the peer row also lost its summary: set it again after a reclaim. */
  private void restoreSummary(Identity fresh, @Nullable Identity previous) {
    String text = summary;
    if (previous == null || text == null) {
      return;
    }
    try {
      api.summary(new PeerApi.Summary(fresh.peerId(), text, fresh.credential()));
    } catch (BrokerUnavailableException | MeshRefusedException e) {
      Log.LOG.warn("Could not restore the summary of {}: {}", fresh.peerId(), e.getMessage());
    }
  }

  private Identity register(Profile p, @Nullable Identity previous) {
    String error;
    try {
      PeerApi.Registered answer = api.register(registration(p, previous));
      if (answer.peerId() != null) {
        return identity(p, previous, answer);
      }
      error = "no peerId in the answer";
    } catch (MeshRefusedException e) {
      error = e.getMessage();
    }
    if (previous != null) {
      Log.LOG.warn(
          "Broker refused to give back peer id {} ({}); registering as a new peer",
          previous.peerId(),
          error);
      return register(p, null);
    }
    throw BrokerUnavailableException.other("the broker refused the registration: " + error);
  }

  private Identity identity(Profile p, @Nullable Identity previous, PeerApi.Registered answer) {
    String peerId = answer.peerId();
    String name = answer.name() == null ? peerId : answer.name();
    String credential =
        answer.credential() != null
            ? answer.credential()
            : previous != null && previous.peerId().equals(peerId) ? previous.credential() : null;
    if (previous == null) {
      Log.LOG.info(
          "Registered as {} ({}), agent {}, delivery {}",
          name,
          peerId,
          p.agentType(),
          deliveryPath.get());
    } else if (previous.peerId().equals(peerId)) {
      Log.LOG.info("Registered again as {} ({}) with the same id", name, peerId);
    } else {
      Log.LOG.warn("Registered again under a new id {} (was {})", peerId, previous.peerId());
    }
    return new Identity(peerId, name, credential);
  }

  private PeerApi.Register registration(Profile p, @Nullable Identity previous) {
    String name = previous != null ? previous.name() : p.name();
    return new PeerApi.Register(
        p.projectPath(),
        p.pid(),
        name,
        p.gitRoot(),
        p.gitBranch(),
        p.agentType(),
        p.udsPath(),
        true,
        p.udsPath() != null,
        deliveryPath.get(),
        summary,
        previous == null ? null : previous.peerId(),
        previous == null ? null : previous.credential(),
        null,
        null);
  }

  private void beat() {
    try {
      Identity id = identity;
      if (id == null) {
        connect(null);
        return;
      }
      String lost = null;
      try {
        api.heartbeat(heartbeat(id));
      } catch (MeshRefusedException e) {
        if (!e.lostIdentity()) {
          Log.LOG.debug("Broker refused the heartbeat: {}", e.getMessage());
        }
        lost = e.lostIdentity() ? e.getMessage() : null;
      }
      if (lost != null || brokerChanged()) {
        Log.LOG.info(
            "Peer {} unknown to the broker ({}); registering again with the same id",
            id.peerId(),
            lost == null ? "a new broker instance" : lost);
        connect(id);
      }
      flushReads();
    } catch (BrokerUnavailableException e) {
      Identity id = identity;
      if (brokerGone(e)) {
        Log.LOG.warn("Heartbeat failed ({}); making sure a broker runs", e.getMessage());
        try {
          connect(id);
        } catch (BrokerUnavailableException again) {
          Log.LOG.warn("Broker recovery failed: {}", again.getMessage());
        }
      } else {
        Log.LOG.warn("Heartbeat failed: {}", e.getMessage());
      }
    } catch (RuntimeException e) {
      Log.LOG.error("Heartbeat failed unexpectedly; will try again", e);
    }
  }

  /** A heartbeat with the delivery path and presence (docs/hooks.md, "Presence"). */
  private PeerApi.Heartbeat heartbeat(Identity id) {
    PresenceTracker.State now = presence.current();
    if (now == null) {
      return new PeerApi.Heartbeat(
          id.peerId(), id.credential(), deliveryPath.get(), null, null, null);
    }
    return new PeerApi.Heartbeat(
        id.peerId(),
        id.credential(),
        deliveryPath.get(),
        now.state(),
        Timestamps.iso(now.since()),
        now.wakeable());
  }

  /** Tells the broker the new presence now (on the session thread) instead of at the next beat. */
  void reportPresenceSoon() {
    if (closed.get() || identity == null) {
      return;
    }
    try {
      scheduler.execute(this::beat);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the session is closing
    }
  }

  private static boolean brokerGone(BrokerUnavailableException e) {
    return e.connectionFailed() || e.status() == 401;
  }

  /** Created on first use, once logging is set up ({@link McpLogs}). */
  private static final class Log {
    static final Logger LOG = McpLogs.logger(Session.class);
  }
}
