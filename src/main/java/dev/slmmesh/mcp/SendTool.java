package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.client.PeerNames;
import dev.slmmesh.wire.MessageApi;
import java.util.List;

/**
 * {@code mesh_send}: a message to a peer named by id, name or prefix, or to all ({@code /send}).
 */
final class SendTool implements MeshTool {
  static final String NAME = "mesh_send";
  static final ToolSpec SPEC =
      new ToolSpec(
          NAME,
          "Send Message",
          "Send a message to another agent: to = a peer id or name from mesh_peers, or \"all\" "
              + "to broadcast to every other peer. The recipient gets it promptly (as a channel "
              + "message, or attached to its next mesh tool result). Write self-contained messages "
              + "and never include secrets or API keys. Returns {\"ok\":true,\"messageId\":...} "
              + "({\"messageIds\":[...]} for a broadcast). With whenIdle the broker holds the "
              + "message until the recipient is idle (answers \"held\":true when it waits).",
          false,
          List.of(
              Param.string("to", "Peer id or name from mesh_peers, or \"all\" to broadcast")
                  .mandatory()
                  .length(1, Param.UNBOUNDED),
              Param.string("message", "The message text (at most 64 KiB)")
                  .mandatory()
                  .length(1, Param.UNBOUNDED),
              Param.choice(
                  "type", "Message type (default text)", "text", "json", "command", "alert"),
              Param.string(
                  "replyTo",
                  "Id of the message you are answering; the recipient sees the reference"),
              Param.bool(
                  "whenIdle",
                  "Hold the message until the recipient is idle (not working, not waiting for its "
                      + "user), so it does not interrupt; one recipient only")));

  private final Session session;
  private final Delivery delivery;

  SendTool(Context c) {
    this.session = c.session();
    this.delivery = c.delivery();
  }

  @Override
  public Object run(ObjectNode args) throws InvalidArgumentsException {
    String to = resolvePeer(args.get("to").asText());
    String replyTo = Args.text(args, "replyTo");
    String message =
        replyTo == null
            ? args.get("message").asText()
            : "(reply to message " + replyTo + ") " + args.get("message").asText();
    String type = Args.text(args, "type", "text");
    Boolean whenIdle = args.path("whenIdle").asBoolean(false) ? Boolean.TRUE : null;
    MessageApi.Sent answer =
        session.exchange(
            id ->
                session
                    .api()
                    .send(
                        new MessageApi.Send(
                            id.peerId(), to, message, type, id.credential(), replyTo, whenIdle)));
    if (answer.messageId() != null) {
      delivery.sent(answer.messageId());
    }
    return answer;
  }

  /** The peer {@code to} names, by the rule the CLI uses too ({@link PeerNames}). */
  private String resolvePeer(String to) throws InvalidArgumentsException {
    if (PeerNames.isLiteral(to)) {
      return to;
    }
    // names resolve across every machine of the mesh (the same set as "machine" on one machine)
    PeerNames.Resolution r = PeerNames.resolve(to, PeersTool.list(session, "mesh").peers());
    return r.peerId()
        .orElseThrow(
            () ->
                new InvalidArgumentsException(r.problem() + "; call mesh_peers for ids and names"));
  }
}
