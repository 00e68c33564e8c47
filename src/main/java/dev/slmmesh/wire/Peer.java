package dev.slmmesh.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A registered agent session (reference §3.7). The first twelve keys and their formats are the
 * original's; {@code deliveryPath} and {@code pushConnected} are ours and omitted when unknown.
 */
@JsonPropertyOrder({
  "id", "name", "pid", "projectPath", "gitRoot", "gitBranch", "agentType", "summary", "udsPath",
  "startedAt", "lastHeartbeat", "status", "deliveryPath", "pushConnected"
})
public record Peer(
    @JsonProperty("id") String id,
    @JsonProperty("name") String name,
    @JsonProperty("pid") long pid,
    @JsonProperty("projectPath") String projectPath,
    @JsonProperty("gitRoot") @Nullable String gitRoot,
    @JsonProperty("gitBranch") @Nullable String gitBranch,
    @JsonProperty("agentType") String agentType,
    @JsonProperty("summary") String summary,
    @JsonProperty("udsPath") @Nullable String udsPath,
    @JsonProperty("startedAt") @JsonSerialize(using = SqlInstant.class) Instant startedAt,
    @JsonProperty("lastHeartbeat") @JsonSerialize(using = SqlInstant.class) Instant lastHeartbeat,
    @JsonProperty("status") String status,
    @JsonProperty("deliveryPath") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
        String deliveryPath,
    @JsonProperty("pushConnected") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
        Boolean pushConnected) {

  public static final String ACTIVE = "active";
  public static final String STALE = "stale";

  public Peer withPushConnected(boolean connected) {
    return new Peer(
        id, name, pid, projectPath, gitRoot, gitBranch, agentType, summary, udsPath, startedAt,
        lastHeartbeat, status, deliveryPath, connected);
  }
}
