package dev.slmmesh.http;

import dev.slmmesh.broker.Broker;
import dev.slmmesh.broker.BrokerException;
import dev.slmmesh.broker.Registration;
import dev.slmmesh.wire.Presence;
import dev.slmmesh.wire.Reply;
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
    routes.put("POST /register", this::register);
    routes.put("POST /unregister", this::unregister);
    routes.put("POST /heartbeat", this::heartbeat);
    routes.put("POST /peers", this::peers);
    routes.put("POST /summary", this::summary);
  }

  private Object register(JsonBody b) {
    String projectPath = b.required("projectPath");
    Double pid = b.number("pid");
    if (projectPath == null || pid == null) {
      throw new BrokerException("projectPath and pid are required");
    }
    if (pid != Math.rint(pid)) {
      throw new BrokerException("pid must be a positive integer process id");
    }
    Registration r =
        new Registration(
            projectPath,
            pid.longValue(),
            b.optional("name"),
            b.optional("gitRoot"),
            b.optional("gitBranch"),
            b.optional("agentType", "unknown"),
            b.optional("udsPath"),
            b.flag("requestCredential"),
            b.flag("acknowledges"),
            b.optional("deliveryPath"),
            b.optional("peerId"),
            b.optional("credential"),
            remote,
            remote ? b.optional("machineId") : null,
            remote ? b.optional("machineName") : null);
    return broker.peers().register(r);
  }

  private Object unregister(JsonBody b) {
    broker.peers().unregister(peerId(b), b.optional("credential"));
    return Reply.ok();
  }

  private Object heartbeat(JsonBody b) {
    broker.peers().heartbeat(peerId(b), b.optional("credential"), b.optional("deliveryPath"), presence(b));
    return Reply.ok();
  }

  /** The optional presence of a heartbeat (ours): {@code presence}, {@code presenceSince}, {@code wakeable}. */
  static @Nullable Presence presence(JsonBody b) {
    String state = b.optional("presence");
    if (state == null) {
      return null;
    }
    if (!Presence.STATES.contains(state)) {
      throw new BrokerException("presence must be one of idle, waiting, working");
    }
    String since = b.optional("presenceSince");
    if (since == null) {
      throw new BrokerException("presenceSince is required with presence");
    }
    Instant at = Timestamps.parse(since).orElseThrow(() -> new BrokerException(
            "presenceSince must be a time such as 2026-04-08T10:30:00Z, got \"" + since + "\""));
    return new Presence(state, at, b.flag("wakeable"));
  }

  private Object peers(JsonBody b) {
    return Reply.ok()
        .with(
            "peers",
            broker
                .peers()
                .list(
                    b.optional("scope", "machine"),
                    b.optional("projectPath"),
                    b.optional("gitRoot"),
                    b.required("excludeId")));
  }

  private Object summary(JsonBody b) {
    String peerId = b.required("peerId");
    String summary = b.optional("summary");
    if (peerId == null || summary == null) {
      throw new BrokerException("peerId and summary are required");
    }
    broker.peers().summary(peerId, b.optional("credential"), summary);
    return Reply.ok();
  }

  static String peerId(JsonBody b) {
    String peerId = b.required("peerId");
    if (peerId == null) {
      throw new BrokerException("peerId is required");
    }
    return peerId;
  }
}
