package dev.slmmesh.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.setup.ClientDescriptor.Hooks;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Our entries in the hook settings of the clients: Claude Code's, Codex's and Gemini CLI's {@code
 * hooks.<Event>[].hooks[]} groups of {@code {"type":"command","command":...}}, and Cursor's {@code
 * hooks.<event>[]} of {@code {"command":...}}. Ours are recognised by their command (it runs {@code
 * slm-mesh-hook <client>}, or the older {@code slm-mesh ... hook <client>}), so a repeated setup
 * replaces them and an uninstall removes exactly them, under every event; the user's other hooks
 * are never touched.
 */
final class HookEntries {
  static final int CURSOR_LOOP_LIMIT = 3;

  /** Seconds a message hook may take; Claude Code's asynchronous waker waits up to an hour. */
  static final int TIMEOUT_SECONDS = 10;

  static final int WAITER_TIMEOUT_SECONDS = 3600;

  /**
   * One hook to install: the client event, the hook's own event argument, its timeout in seconds,
   * and whether it is Claude Code's asynchronous waker.
   */
  record Spec(String event, String argument, int timeoutSeconds, boolean asyncRewake) {
    /** The hook that prints new messages at {@code event}. */
    static Spec sync(String event) {
      return new Spec(event, event, TIMEOUT_SECONDS, false);
    }

    /** Claude Code's asynchronous waker at {@code event}: it wakes an idle session on new mail. */
    static Spec waker(String event) {
      return new Spec(event, "wait", WAITER_TIMEOUT_SECONDS, true);
    }
  }

  private HookEntries() {}

  static boolean isOurs(JsonNode hook, String client) {
    String command = hook.path("command").asText("").strip();
    return command.contains("slm-mesh")
        && (command.endsWith(" hook " + client)
            || Pattern.compile("slm-mesh-hook'? " + Pattern.quote(client) + "( |$)")
                .matcher(command)
                .find());
  }

  /** Claude Code / Codex / Gemini CLI: one group per spec holding our command. */
  static void installGrouped(
      ObjectNode root, Hooks settings, Map<String, String> commands, String client) {
    removeGrouped(root, client);
    ObjectNode hooks = JsonConfig.object(root, "hooks");
    for (Spec spec : settings.messages()) {
      ObjectNode hook =
          JsonConfig.array(hooks, spec.event()).addObject().putArray("hooks").addObject();
      hook.put("type", "command")
          .put("command", commands.get(spec.argument()))
          .put("timeout", settings.timeout(spec.timeoutSeconds()));
      if (spec.asyncRewake()) {
        hook.put("async", true).put("asyncRewake", true);
      }
    }
  }

  /** Removes our hooks from every event of the file. */
  static void removeGrouped(ObjectNode root, String client) {
    JsonNode hooks = root.get("hooks");
    if (!(hooks instanceof ObjectNode)) {
      return;
    }
    boolean removedAny = false;
    for (String event : fieldNames(hooks)) {
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
  static void installFlat(ObjectNode root, List<Spec> specs, Map<String, String> commands) {
    if (!root.has("version")) {
      root.put("version", 1);
    }
    for (Spec spec : specs) {
      ObjectNode hook =
          JsonConfig.array(JsonConfig.object(root, "hooks"), spec.event()).addObject();
      hook.put("command", commands.get(spec.argument())).put("loop_limit", CURSOR_LOOP_LIMIT);
    }
  }

  /** Removes our hooks from the events of {@code specs} (and an event or list left empty). */
  static void removeFlat(ObjectNode root, List<Spec> specs, String client) {
    for (Spec spec : specs) {
      JsonNode hooks = root.get("hooks");
      if (!(hooks instanceof ObjectNode) || !(hooks.get(spec.event()) instanceof ArrayNode)) {
        continue;
      }
      ArrayNode list = (ArrayNode) hooks.get(spec.event());
      if (removeOurs(list, client) && list.isEmpty()) {
        ((ObjectNode) hooks).remove(spec.event());
        if (hooks.isEmpty()) {
          root.remove("hooks");
        }
      }
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
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
