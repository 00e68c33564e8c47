package dev.slmmesh.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.config.MachineIdentity;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.MeshRoute;
import dev.slmmesh.wire.PeerApi;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link BrokerClient} in client role talks to a hub instead of a local broker: requests go
 * over the authenticated {@link HubSession}, registrations name this machine and always ask for a
 * credential and acknowledge pushes (a remote peer's pushes come over the hub WebSocket, which
 * acknowledges), and a hub failure surfaces as {@link BrokerUnavailableException} so callers keep
 * their single recovery path.
 */
final class HubRoute {
  private final HubSession session;
  private final MachineIdentity machine;

  HubRoute(HubSession session, MachineIdentity machine) {
    this.session = session;
    this.machine = machine;
  }

  HubSession session() {
    return session;
  }

  ObjectNode call(String method, String path, @Nullable JsonNode body) {
    try {
      if ("GET".equals(method) || body == null) {
        return session.get(path);
      }
      JsonNode sent = body;
      if (MeshRoute.REGISTER.path().equals(path) && body instanceof ObjectNode) {
        sent =
            Json.MAPPER.valueToTree(
                Json.MAPPER
                    .treeToValue(body, PeerApi.Register.class)
                    .viaHub(machine.id(), machine.name()));
      }
      return session.post(path, sent);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a registration: " + e.getOriginalMessage(), e);
    } catch (HubException e) {
      throw e.refused()
          ? BrokerUnavailableException.other(e.getMessage())
          : BrokerUnavailableException.unreachable(e.getMessage(), e);
    }
  }

  /**
   * True when the hub answers. A refusal (wrong secret, changed certificate, rate limit) is thrown
   * with its text: it will not go away by waiting, and the user must see why.
   */
  boolean healthy() {
    try {
      JsonNode health = session.get(MeshRoute.HEALTH.path());
      return health.path("ok").asBoolean(false) || "ok".equals(health.path("status").asText(""));
    } catch (HubException e) {
      if (e.refused()) {
        throw BrokerUnavailableException.other(e.getMessage());
      }
      return false;
    }
  }
}
