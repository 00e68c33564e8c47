package dev.slmmesh.http;

import dev.slmmesh.broker.BrokerException;
import dev.slmmesh.broker.Mailbox;
import dev.slmmesh.wire.LockApi;
import dev.slmmesh.wire.MessageApi;
import dev.slmmesh.wire.PeerApi;
import dev.slmmesh.wire.StateApi;
import org.jspecify.annotations.Nullable;

/**
 * Reads the request records of the API from a body by the original's field rules ({@link
 * JsonBody}): a field of the wrong JSON type counts as absent, a missing required field is refused
 * with the original's text. Each route's rules beyond that stay in its route class.
 */
final class Requests {
  private Requests() {}

  static PeerApi.Register register(JsonBody b) {
    String projectPath = b.required("projectPath");
    Double pid = b.number("pid");
    if (projectPath == null || pid == null) {
      throw new BrokerException("projectPath and pid are required");
    }
    if (pid != Math.rint(pid)) {
      throw new BrokerException("pid must be a positive integer process id");
    }
    return new PeerApi.Register(
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
        b.optional("summary"),
        b.optional("peerId"),
        b.optional("credential"),
        b.optional("machineId"),
        b.optional("machineName"));
  }

  static PeerApi.PeerRef peerRef(JsonBody b) {
    return new PeerApi.PeerRef(peerId(b), b.optional("credential"));
  }

  static PeerApi.Heartbeat heartbeat(JsonBody b) {
    return new PeerApi.Heartbeat(
        peerId(b),
        b.optional("credential"),
        b.optional("deliveryPath"),
        b.optional("presence"),
        b.optional("presenceSince"),
        b.flag("wakeable"));
  }

  static PeerApi.PeersQuery peers(JsonBody b) {
    return new PeerApi.PeersQuery(
        b.optional("scope", "machine"),
        b.optional("projectPath"),
        b.optional("gitRoot"),
        b.required("excludeId"),
        b.optional("credential"));
  }

  static PeerApi.Summary summary(JsonBody b) {
    String peerId = b.required("peerId");
    String summary = b.optional("summary");
    if (peerId == null || summary == null) {
      throw new BrokerException("peerId and summary are required");
    }
    return new PeerApi.Summary(peerId, summary, b.optional("credential"));
  }

  static MessageApi.Send send(JsonBody b) {
    String from = b.required("fromPeer");
    String to = b.required("toPeer");
    String payload = b.required("payload");
    if (from == null || to == null || payload == null) {
      throw new BrokerException("fromPeer, toPeer, and payload are required");
    }
    return new MessageApi.Send(
        from,
        to,
        payload,
        b.optional("type", "text"),
        b.optional("credential"),
        b.optional("replyTo"),
        b.flag("whenIdle"));
  }

  static MessageApi.Inbox inbox(JsonBody b) {
    return new MessageApi.Inbox(
        peerId(b),
        b.optional("credential"),
        b.optional("filter", "unread"),
        b.optional("from"),
        b.integer("limit", 20, 1, MessageRoutes.MAX_INBOX));
  }

  static MessageApi.Ids ids(JsonBody b) {
    return new MessageApi.Ids(
        peerId(b), b.optional("credential"), b.strings("messageIds", Mailbox.MAX_IDS));
  }

  static StateApi.Request state(JsonBody b) {
    return new StateApi.Request(
        action(b),
        b.required("key"),
        b.optional("value"),
        b.optional("namespace", "default"),
        b.required("peerId"),
        b.optional("credential"));
  }

  /**
   * {@code ttlMinutes} of another JSON type than a number reads as absent here; LockRoutes refuses
   * it.
   */
  static LockApi.Request lock(JsonBody b) {
    return new LockApi.Request(
        action(b),
        b.required("filePath"),
        b.required("peerId"),
        b.optional("credential"),
        b.optional("reason", ""),
        b.number("ttlMinutes"));
  }

  private static String action(JsonBody b) {
    String action = b.required("action");
    if (action == null) {
      throw new BrokerException("action is required");
    }
    return action;
  }

  static String peerId(JsonBody b) {
    return need(b.required("peerId"), "peerId is required");
  }

  static String need(@Nullable String value, String error) {
    if (value == null) {
      throw new BrokerException(error);
    }
    return value;
  }
}
