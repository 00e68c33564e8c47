package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.wire.Json;
import org.jspecify.annotations.Nullable;

/**
 * What a hook prints for one client and event, in that client's documented format (docs/cli.md,
 * "Hooks"): whether the event can put text in front of the model at all (if not, the messages
 * stay unread), the reply when there is nothing to show, and the reply carrying the messages.
 * <ul>
 *   <li>Claude Code and Codex: {@code UserPromptSubmit} and {@code SessionStart} add
 *       {@code hookSpecificOutput.additionalContext}; {@code Stop} blocks the stop with the
 *       messages as the reason, unless it already continues because of a stop hook.
 *   <li>Cursor: {@code stop} of a completed turn returns {@code followup_message}, submitted as
 *       the next user message; other events and aborted turns get {@code {}}.
 * </ul>
 */
final class HookReply {
  private final boolean delivers;
  private final @Nullable String empty;
  private final String kind;
  private final String event;

  private HookReply(boolean delivers, @Nullable String empty, String kind, String event) {
    this.delivers = delivers;
    this.empty = empty;
    this.kind = kind;
    this.event = event;
  }

  static String defaultEvent(String client) {
    return client.equals("cursor") ? "stop" : "UserPromptSubmit";
  }

  static HookReply of(String client, String event, JsonNode input) {
    if (client.equals("cursor")) {
      boolean completed = input.path("status").asText("completed").equals("completed");
      return new HookReply(event.equals("stop") && completed, "{}", "followup", event);
    }
    switch (event) {
      case "UserPromptSubmit":
      case "SessionStart":
        return new HookReply(true, null, "context", event);
      case "Stop":
      case "SubagentStop":
        // a stop that already continues because of a stop hook is let through: no loops
        return new HookReply(!input.path("stop_hook_active").asBoolean(false), null, "block", event);
      default:
        return new HookReply(false, null, "none", event);
    }
  }

  /** True when this event can show text to the model; otherwise the inbox is left untouched. */
  boolean delivers() {
    return delivers;
  }

  /** The reply when there is nothing to show; null means print nothing. */
  @Nullable String empty() {
    return empty;
  }

  String render(String text) {
    ObjectNode reply = Json.MAPPER.createObjectNode();
    switch (kind) {
      case "followup":
        reply.put("followup_message", text);
        break;
      case "block":
        reply.put("decision", "block").put("reason", text);
        break;
      default:
        reply.putObject("hookSpecificOutput").put("hookEventName", event).put("additionalContext", text);
    }
    return Json.write(reply);
  }
}
