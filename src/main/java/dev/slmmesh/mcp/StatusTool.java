package dev.slmmesh.mcp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.client.BrokerUnavailableException;
import dev.slmmesh.wire.Json;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code mesh_status}: the broker's {@code /status} and this session's own state. */
final class StatusTool implements MeshTool {
  static final String NAME = "mesh_status";
  static final ToolSpec SPEC =
      new ToolSpec(
          NAME,
          "Mesh Status",
          "Health of the mesh and of this session: broker uptime and version, peer, message, lock "
              + "and event counts, and session (your own peer id and name, agent type, how "
              + "messages reach you: deliveryPath, and pending messages). Use it to check that "
              + "the mesh works or to learn your own id.",
          true,
          List.of());

  /** This session as {@code mesh_status} shows it under {@code session}. */
  @JsonPropertyOrder({
    "registered",
    "peerId",
    "name",
    "agentType",
    "projectPath",
    "gitRoot",
    "gitBranch",
    "deliveryPath",
    "channels",
    "pushSocket",
    "pushConnections",
    "pendingMessages"
  })
  record SessionInfo(
      @JsonProperty("registered") boolean registered,
      @JsonProperty("peerId") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String peerId,
      @JsonProperty("name") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String name,
      @JsonProperty("agentType") String agentType,
      @JsonProperty("projectPath") String projectPath,
      @JsonProperty("gitRoot") @Nullable String gitRoot,
      @JsonProperty("gitBranch") @Nullable String gitBranch,
      @JsonProperty("deliveryPath") String deliveryPath,
      @JsonProperty("channels") String channels,
      @JsonProperty("pushSocket") @Nullable String pushSocket,
      @JsonProperty("pushConnections") int pushConnections,
      @JsonProperty("pendingMessages") int pendingMessages) {}

  /** The answer when no broker answers: the refusal's keys, then this session. */
  @JsonPropertyOrder({"ok", "error", "session"})
  record Unavailable(
      @JsonProperty("error") String error, @JsonProperty("session") SessionInfo session) {
    @JsonProperty("ok")
    public boolean ok() {
      return false;
    }
  }

  private final Session session;
  private final Delivery delivery;
  private final SessionProbe probe;

  StatusTool(Context c) {
    this.session = c.session();
    this.delivery = c.delivery();
    this.probe = c.probe();
  }

  @Override
  public Object run(ObjectNode args) {
    try {
      session.identity();
      ObjectNode answer = Json.MAPPER.valueToTree(session.status());
      answer.set("session", Json.MAPPER.valueToTree(sessionInfo()));
      return answer;
    } catch (BrokerUnavailableException e) {
      return new Failed(new Unavailable("Broker unavailable: " + e.getMessage(), sessionInfo()));
    }
  }

  private SessionInfo sessionInfo() {
    Identity id = session.current();
    Profile p = session.profile();
    PushListener push = probe.listener();
    return new SessionInfo(
        id != null,
        id == null ? null : id.peerId(),
        id == null ? null : id.name(),
        p.agentType(),
        p.projectPath(),
        p.gitRoot(),
        p.gitBranch(),
        delivery.path(),
        delivery.channelState(),
        push == null ? null : push.path().toString(),
        push == null ? 0 : push.connections(),
        delivery.pendingCount());
  }
}
