package dev.slmmesh.mcp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.client.MeshRefusedException;
import dev.slmmesh.wire.Answer;
import dev.slmmesh.wire.InboxMessage;
import dev.slmmesh.wire.MeshLimits;
import dev.slmmesh.wire.MessageApi;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code mesh_inbox}: marks the acknowledged messages read ({@code /messages/read}), then lists the
 * inbox ({@code /messages}) without the unread messages a hook has shown already.
 */
final class InboxTool implements MeshTool {
  static final String NAME = "mesh_inbox";
  static final ToolSpec SPEC =
      new ToolSpec(
          NAME,
          "Check Inbox",
          "Read the messages other agents sent you. New messages are normally shown to you "
              + "without asking (as a channel message, or a \"[slm-mesh] new messages\" block "
              + "after any mesh tool result); use this to list them all, to re-read older ones "
              + "(filter \"all\") or to read text that was shown truncated. Unread messages it "
              + "returns are marked read. ack: ids of messages you already handled (for example "
              + "from a channel message), marked read without being returned again. Returns "
              + "{\"ok\":true,\"messages\":[...]}.",
          false,
          List.of(
              Param.choice("filter", "unread (default) or all", "unread", "all"),
              Param.string("from", "Only messages from this peer id"),
              Param.integer(
                  "limit",
                  "Maximum number of messages (1-" + MeshLimits.LIST_MAX + ", default 20)",
                  1,
                  MeshLimits.LIST_MAX),
              Param.strings("ack", "Message ids to mark read first", MeshLimits.IDS_MAX)));

  /** The inbox as the model sees it; {@code acknowledged}: how many {@code ack} ids were marked. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"ok", "messages", "acknowledged"})
  record Shown(
      @JsonProperty("messages") List<InboxMessage> messages,
      @JsonProperty("acknowledged") @Nullable Integer acknowledged)
      implements Answer {}

  private final Session session;
  private final Delivery delivery;

  InboxTool(Context c) {
    this.session = c.session();
    this.delivery = c.delivery();
  }

  @Override
  public Object run(ObjectNode args) {
    delivery.collectHookClaims();
    session.flushReads();
    List<String> acked = Args.strings(args, "ack");
    Integer marked = null;
    if (acked != null && !acked.isEmpty()) {
      try {
        marked =
            session
                .exchange(
                    id ->
                        session
                            .api()
                            .markRead(new MessageApi.Ids(id.peerId(), id.credential(), acked)))
                .marked();
      } catch (MeshRefusedException e) {
        marked = 0; // the inbox is still worth showing; the ids stay unread at the broker
      }
      delivery.seenElsewhere(acked);
    }
    String filter = Args.text(args, "filter", "unread");
    Integer limit = Args.integer(args, "limit");
    MessageApi.Messages answer =
        session.exchange(
            id ->
                session
                    .api()
                    .messages(
                        new MessageApi.Inbox(
                            id.peerId(),
                            id.credential(),
                            filter,
                            Args.text(args, "from"),
                            limit == null ? 20 : limit)));
    List<String> ids = new ArrayList<>();
    answer.messages().forEach(m -> ids.add(m.message().id()));
    List<String> mine = delivery.claimForInbox(ids);
    List<InboxMessage> shown = new ArrayList<>(answer.messages());
    if (filter.equals("unread")) {
      // a message a hook has shown already is not shown again (docs/hooks.md)
      shown.removeIf(m -> !mine.contains(m.message().id()));
    }
    return new Shown(shown, marked);
  }
}
