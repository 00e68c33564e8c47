package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;

/**
 * Our entries in the hook settings of the clients: Claude Code's and Codex's
 * {@code hooks.<Event>[].hooks[]} groups of {@code {"type":"command","command":...}}, and Cursor's
 * {@code hooks.<event>[]} of {@code {"command":...}}. Ours are recognised by their command (it runs
 * slm-mesh and ends with {@code hook <client>}), so a repeated setup replaces them and an
 * uninstall removes exactly them; the user's other hooks are never touched.
 */
final class HookEntries {
  static final int TIMEOUT_SECONDS = 15;
  static final int CURSOR_LOOP_LIMIT = 3;

  private HookEntries() {}

  static boolean isOurs(JsonNode hook, String client) {
    String command = hook.path("command").asText("").strip();
    return command.contains("slm-mesh") && command.endsWith(" hook " + client);
  }

  /** Claude Code / Codex: one group per event holding our command. */
  static void installGrouped(ObjectNode root, List<String> events, String command, String client) {
    removeGrouped(root, events, client);
    ObjectNode hooks = JsonConfig.object(root, "hooks");
    for (String event : events) {
      ObjectNode hook = JsonConfig.array(hooks, event).addObject().putArray("hooks").addObject();
      hook.put("type", "command").put("command", command).put("timeout", TIMEOUT_SECONDS);
    }
  }

  static void removeGrouped(ObjectNode root, List<String> events, String client) {
    JsonNode hooks = root.get("hooks");
    if (!(hooks instanceof ObjectNode)) {
      return;
    }
    boolean removedAny = false;
    for (String event : events) {
      JsonNode groups = hooks.get(event);
      if (!(groups instanceof ArrayNode)) {
        continue;
      }
      boolean removed = false;
      for (Iterator<JsonNode> g = groups.elements(); g.hasNext(); ) {
        JsonNode inner = g.next().get("hooks");
        if (inner instanceof ArrayNode && removeOurs((ArrayNode) inner, client)) {
          removed = true;
          if (inner.isEmpty()) {
            g.remove();
          }
        }
      }
      if (removed && groups.isEmpty()) {
        ((ObjectNode) hooks).remove(event);
      }
      removedAny |= removed;
    }
    if (removedAny && hooks.isEmpty()) {
      root.remove("hooks");
    }
  }

  /** Cursor: {@code {"version":1,"hooks":{"stop":[{"command":...,"loop_limit":3}]}}}. */
  static void installCursor(ObjectNode root, String event, String command) {
    removeCursor(root, event);
    if (!root.has("version")) {
      root.put("version", 1);
    }
    ObjectNode hook = JsonConfig.array(JsonConfig.object(root, "hooks"), event).addObject();
    hook.put("command", command).put("loop_limit", CURSOR_LOOP_LIMIT);
  }

  static void removeCursor(ObjectNode root, String event) {
    JsonNode hooks = root.get("hooks");
    if (!(hooks instanceof ObjectNode) || !(hooks.get(event) instanceof ArrayNode)) {
      return;
    }
    ArrayNode list = (ArrayNode) hooks.get(event);
    if (removeOurs(list, "cursor") && list.isEmpty()) {
      ((ObjectNode) hooks).remove(event);
      if (hooks.isEmpty()) {
        root.remove("hooks");
      }
    }
  }

  /** Removes our hooks from the array; true when any was removed. */
  private static boolean removeOurs(ArrayNode list, String client) {
    boolean removed = false;
    for (Iterator<JsonNode> it = list.elements(); it.hasNext(); ) {
      if (isOurs(it.next(), client)) {
        it.remove();
        removed = true;
      }
    }
    return removed;
  }
}
