package dev.slmmesh.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Requests and answers of {@code /register}, {@code /unregister}, {@code /heartbeat}, {@code
 * /peers} and {@code /summary} (docs/wire.md). Requests leave out absent fields.
 */
public final class PeerApi {
  private PeerApi() {}

  /** {@code POST /register}; {@code peerId} + {@code credential} reclaim an identity (ours). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "projectPath",
    "pid",
    "name",
    "gitRoot",
    "gitBranch",
    "agentType",
    "udsPath",
    "requestCredential",
    "acknowledges",
    "deliveryPath",
    "summary",
    "peerId",
    "credential",
    "machineId",
    "machineName"
  })
  public record Register(
      @JsonProperty("projectPath") String projectPath,
      @JsonProperty("pid") long pid,
      @JsonProperty("name") @Nullable String name,
      @JsonProperty("gitRoot") @Nullable String gitRoot,
      @JsonProperty("gitBranch") @Nullable String gitBranch,
      @JsonProperty("agentType") @Nullable String agentType,
      @JsonProperty("udsPath") @Nullable String udsPath,
      @JsonProperty("requestCredential") @Nullable Boolean requestCredential,
      @JsonProperty("acknowledges") @Nullable Boolean acknowledges,
      @JsonProperty("deliveryPath") @Nullable String deliveryPath,
      @JsonProperty("summary") @Nullable String summary,
      @JsonProperty("peerId") @Nullable String peerId,
      @JsonProperty("credential") @Nullable String credential,
      @JsonProperty("machineId") @Nullable String machineId,
      @JsonProperty("machineName") @Nullable String machineName)
      implements WireBody.Request {

    @Override
    public void writeTo(WireBody body) {
      body.text("projectPath", projectPath)
          .number("pid", pid)
          .text("name", name)
          .text("gitRoot", gitRoot)
          .text("gitBranch", gitBranch)
          .text("agentType", agentType)
          .text("udsPath", udsPath)
          .bool("requestCredential", requestCredential)
          .bool("acknowledges", acknowledges)
          .text("deliveryPath", deliveryPath)
          .text("summary", summary)
          .text("peerId", peerId)
          .text("credential", credential)
          .text("machineId", machineId)
          .text("machineName", machineName);
    }

    /** The original's fields only: a new peer that asks for nothing of ours. */
    public static Register of(
        String projectPath, long pid, @Nullable String name, @Nullable String agentType) {
      return new Register(
          projectPath,
          pid,
          name,
          null,
          null,
          agentType,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null);
    }

    /**
     * This registration as a hub gets it from another machine: naming the machine, always asking
     * for a credential, acknowledging pushes (they come over the hub's WebSocket), no socket path.
     */
    public Register viaHub(String id, String machine) {
      return new Register(
          projectPath,
          pid,
          name,
          gitRoot,
          gitBranch,
          agentType,
          null,
          true,
          true,
          deliveryPath,
          summary,
          peerId,
          credential,
          id,
          machine);
    }
  }

  /** The answer of {@code /register}; {@code credential} only when one was issued (ours). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"ok", "peerId", "name", "credential"})
  public record Registered(
      @JsonProperty("peerId") String peerId,
      @JsonProperty("name") String name,
      @JsonProperty("credential") @Nullable String credential)
      implements Answer {

    /** Reads the answer without binding (see {@link WireObject}). */
    public static Registered read(WireObject o) {
      return new Registered(o.text("peerId"), o.text("name"), o.text("credential"));
    }
  }

  /** {@code POST /unregister}, and any request that names only its peer. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"peerId", "credential"})
  public record PeerRef(
      @JsonProperty("peerId") String peerId,
      @JsonProperty("credential") @Nullable String credential)
      implements WireBody.Request {

    @Override
    public void writeTo(WireBody body) {
      body.text("peerId", peerId).text("credential", credential);
    }
  }

  /** {@code POST /heartbeat}; the delivery path and presence are ours. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "peerId",
    "credential",
    "deliveryPath",
    "presence",
    "presenceSince",
    "wakeable"
  })
  public record Heartbeat(
      @JsonProperty("peerId") String peerId,
      @JsonProperty("credential") @Nullable String credential,
      @JsonProperty("deliveryPath") @Nullable String deliveryPath,
      @JsonProperty("presence") @Nullable String presence,
      @JsonProperty("presenceSince") @Nullable String presenceSince,
      @JsonProperty("wakeable") @Nullable Boolean wakeable)
      implements WireBody.Request {

    @Override
    public void writeTo(WireBody body) {
      body.text("peerId", peerId)
          .text("credential", credential)
          .text("deliveryPath", deliveryPath)
          .text("presence", presence)
          .text("presenceSince", presenceSince)
          .bool("wakeable", wakeable);
    }

    public static Heartbeat of(String peerId, @Nullable String credential) {
      return new Heartbeat(peerId, credential, null, null, null, null);
    }
  }

  /**
   * {@code POST /peers}: {@code scope} {@code machine} (default), {@code directory}, {@code repo},
   * or ours {@code mesh}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"scope", "projectPath", "gitRoot", "excludeId", "credential"})
  public record PeersQuery(
      @JsonProperty("scope") @Nullable String scope,
      @JsonProperty("projectPath") @Nullable String projectPath,
      @JsonProperty("gitRoot") @Nullable String gitRoot,
      @JsonProperty("excludeId") @Nullable String excludeId,
      @JsonProperty("credential") @Nullable String credential)
      implements WireBody.Request {

    @Override
    public void writeTo(WireBody body) {
      body.text("scope", scope)
          .text("projectPath", projectPath)
          .text("gitRoot", gitRoot)
          .text("excludeId", excludeId)
          .text("credential", credential);
    }

    public static PeersQuery scope(String scope) {
      return new PeersQuery(scope, null, null, null, null);
    }
  }

  /** The answer of {@code /peers}. */
  @JsonPropertyOrder({"ok", "peers"})
  public record PeerList(@JsonProperty("peers") List<Peer> peers) implements Answer {

    /** Reads the answer without binding (see {@link WireObject}). */
    public static PeerList read(WireObject o) {
      List<WireObject> peers = o.objects("peers");
      if (peers == null) {
        return new PeerList(null);
      }
      List<Peer> list = new ArrayList<>(peers.size());
      peers.forEach(p -> list.add(Peer.read(p)));
      return new PeerList(list);
    }
  }

  /** {@code POST /summary}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"peerId", "summary", "credential"})
  public record Summary(
      @JsonProperty("peerId") String peerId,
      @JsonProperty("summary") String summary,
      @JsonProperty("credential") @Nullable String credential)
      implements WireBody.Request {

    @Override
    public void writeTo(WireBody body) {
      body.text("peerId", peerId).text("summary", summary).text("credential", credential);
    }
  }
}
