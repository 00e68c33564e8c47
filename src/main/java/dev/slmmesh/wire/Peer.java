package dev.slmmesh.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A registered agent session (docs/wire.md). The first twelve keys and their formats are the
 * original's; {@code deliveryPath}, {@code pushConnected}, the machine the peer runs on ({@code
 * machineId}, {@code machineName}) and its {@code presence} are ours and omitted when unknown.
 */
@JsonPropertyOrder({
  "id",
  "name",
  "pid",
  "projectPath",
  "gitRoot",
  "gitBranch",
  "agentType",
  "summary",
  "udsPath",
  "startedAt",
  "lastHeartbeat",
  "status",
  "deliveryPath",
  "pushConnected",
  "machineId",
  "machineName",
  "presence"
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
    @JsonProperty("startedAt")
        @JsonSerialize(using = IsoInstant.class)
        @JsonDeserialize(using = InstantReader.class)
        Instant startedAt,
    @JsonProperty("lastHeartbeat")
        @JsonSerialize(using = IsoInstant.class)
        @JsonDeserialize(using = InstantReader.class)
        Instant lastHeartbeat,
    @JsonProperty("status") String status,
    @JsonProperty("deliveryPath") @JsonInclude(JsonInclude.Include.NON_NULL)
        @Nullable String deliveryPath,
    @JsonProperty("pushConnected") @JsonInclude(JsonInclude.Include.NON_NULL)
        @Nullable Boolean pushConnected,
    @JsonProperty("machineId") @JsonInclude(JsonInclude.Include.NON_NULL)
        @Nullable String machineId,
    @JsonProperty("machineName") @JsonInclude(JsonInclude.Include.NON_NULL)
        @Nullable String machineName,
    @JsonProperty("presence") @JsonInclude(JsonInclude.Include.NON_NULL)
        @Nullable Presence presence) {

  /**
   * A peer whose presence is not known (every stored row: presence lives in the broker's memory).
   */
  public Peer(
      String id,
      String name,
      long pid,
      String projectPath,
      @Nullable String gitRoot,
      @Nullable String gitBranch,
      String agentType,
      String summary,
      @Nullable String udsPath,
      Instant startedAt,
      Instant lastHeartbeat,
      String status,
      @Nullable String deliveryPath,
      @Nullable Boolean pushConnected,
      @Nullable String machineId,
      @Nullable String machineName) {
    this(
        id,
        name,
        pid,
        projectPath,
        gitRoot,
        gitBranch,
        agentType,
        summary,
        udsPath,
        startedAt,
        lastHeartbeat,
        status,
        deliveryPath,
        pushConnected,
        machineId,
        machineName,
        null);
  }

  /** A peer without machine information (single-machine callers and older rows). */
  public Peer(
      String id,
      String name,
      long pid,
      String projectPath,
      @Nullable String gitRoot,
      @Nullable String gitBranch,
      String agentType,
      String summary,
      @Nullable String udsPath,
      Instant startedAt,
      Instant lastHeartbeat,
      String status,
      @Nullable String deliveryPath,
      @Nullable Boolean pushConnected) {
    this(
        id,
        name,
        pid,
        projectPath,
        gitRoot,
        gitBranch,
        agentType,
        summary,
        udsPath,
        startedAt,
        lastHeartbeat,
        status,
        deliveryPath,
        pushConnected,
        null,
        null);
  }

  /** Reads a peer of an answer without binding (see {@link WireObject}). */
  public static Peer read(WireObject o) {
    WireObject presence = o.object("presence");
    return new Peer(
        o.text("id"),
        o.text("name"),
        o.number("pid"),
        o.text("projectPath"),
        o.text("gitRoot"),
        o.text("gitBranch"),
        o.text("agentType"),
        o.text("summary"),
        o.text("udsPath"),
        o.instant("startedAt"),
        o.instant("lastHeartbeat"),
        o.text("status"),
        o.text("deliveryPath"),
        o.bool("pushConnected"),
        o.text("machineId"),
        o.text("machineName"),
        presence == null ? null : Presence.read(presence));
  }

  public static final String ACTIVE = "active";
  public static final String STALE = "stale";

  public Peer withPushConnected(boolean connected) {
    return new Peer(
        id,
        name,
        pid,
        projectPath,
        gitRoot,
        gitBranch,
        agentType,
        summary,
        udsPath,
        startedAt,
        lastHeartbeat,
        status,
        deliveryPath,
        connected,
        machineId,
        machineName,
        presence);
  }

  public Peer withMachine(@Nullable String newMachineId, @Nullable String newMachineName) {
    return new Peer(
        id,
        name,
        pid,
        projectPath,
        gitRoot,
        gitBranch,
        agentType,
        summary,
        udsPath,
        startedAt,
        lastHeartbeat,
        status,
        deliveryPath,
        pushConnected,
        newMachineId,
        newMachineName,
        presence);
  }

  public Peer withPresence(@Nullable Presence now) {
    return new Peer(
        id,
        name,
        pid,
        projectPath,
        gitRoot,
        gitBranch,
        agentType,
        summary,
        udsPath,
        startedAt,
        lastHeartbeat,
        status,
        deliveryPath,
        pushConnected,
        machineId,
        machineName,
        now);
  }
}
