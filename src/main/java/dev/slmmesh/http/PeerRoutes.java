package dev.slmmesh.http;

import dev.slmmesh.broker.Broker;
import dev.slmmesh.broker.BrokerException;
import dev.slmmesh.broker.PeerRegistry;
import dev.slmmesh.broker.Registration;
import dev.slmmesh.wire.Answer;
import dev.slmmesh.wire.MeshRoute;
import dev.slmmesh.wire.PeerApi;
import dev.slmmesh.wire.Presence;
import dev.slmmesh.wire.Timestamps;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code /register}, {@code /unregister}, {@code /heartbeat}, {@code /peers}, {@code /summary}. */
final class PeerRoutes {
  private final Broker broker;
  private final boolean remote;

  PeerRoutes(Broker broker) {
    this(broker, false);
  }

  /** {@code remote}: the routes of a hub's network port (registrations name their machine). */
  PeerRoutes(Broker broker, boolean remote) {
    this.broker = broker;
    this.remote = remote;
  }

  void addTo(Map<String, Route> routes) {
    routes.put(MeshRoute.REGISTER.key(), b -> register(Requests.register(b)));
    routes.put(MeshRoute.UNREGISTER.key(), b -> unregister(Requests.peerRef(b)));
    routes.put(MeshRoute.HEARTBEAT.key(), b -> heartbeat(Requests.heartbeat(b)));
    routes.put(MeshRoute.PEERS.key(), b -> peers(Requests.peers(b)));
    routes.put(MeshRoute.SUMMARY.key(), b -> summary(Requests.summary(b)));
  }

  private PeerApi.Registered register(PeerApi.Register r) {
    Registration registration =
        new Registration(
            r.projectPath(),
            r.pid(),
            r.name(),
            r.gitRoot(),
            r.gitBranch(),
            r.agentType(),
            r.udsPath(),
            Boolean.TRUE.equals(r.requestCredential()),
            Boolean.TRUE.equals(r.acknowledges()),
            r.deliveryPath(),
            r.peerId(),
            r.credential(),
            remote,
            remote ? r.machineId() : null,
            remote ? r.machineName() : null);
    PeerRegistry.Enrolled e = broker.peers().register(registration);
    return new PeerApi.Registered(e.peerId(), e.name(), e.credential());
  }

  private Answer unregister(PeerApi.PeerRef r) {
    broker.peers().unregister(r.peerId(), r.credential());
    return Answer.Ok.INSTANCE;
  }

  private Answer heartbeat(PeerApi.Heartbeat r) {
    broker.peers().heartbeat(r.peerId(), r.credential(), r.deliveryPath(), presence(r));
    return Answer.Ok.INSTANCE;
  }

  /**
   * The optional presence of a heartbeat (ours): {@code presence}, {@code presenceSince}, {@code
   * wakeable}.
   */
  static @Nullable Presence presence(PeerApi.Heartbeat r) {
    String state = r.presence();
    if (state == null) {
      return null;
    }
    if (!Presence.STATES.contains(state)) {
      throw new BrokerException("presence must be one of idle, waiting, working");
    }
    String since = r.presenceSince();
    if (since == null) {
      throw new BrokerException("presenceSince is required with presence");
    }
    Instant at =
        Timestamps.parse(since)
            .orElseThrow(
                () ->
                    new BrokerException(
                        "presenceSince must be a time such as 2026-04-08T10:30:00Z, got \""
                            + since
                            + "\""));
    return new Presence(state, at, Boolean.TRUE.equals(r.wakeable()));
  }

  private PeerApi.PeerList peers(PeerApi.PeersQuery q) {
    return new PeerApi.PeerList(
        broker
            .peers()
            .list(
                q.scope() == null ? "machine" : q.scope(),
                q.projectPath(),
                q.gitRoot(),
                q.excludeId()));
  }

  private Answer summary(PeerApi.Summary r) {
    broker.peers().summary(r.peerId(), r.credential(), r.summary());
    return Answer.Ok.INSTANCE;
  }
}
