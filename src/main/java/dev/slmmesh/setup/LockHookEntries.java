package dev.slmmesh.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.setup.ClientDescriptor.HookStyle;
import dev.slmmesh.setup.ClientDescriptor.Hooks;
import dev.slmmesh.wire.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pre-tool hook that enforces locks at the edit (docs/locks.md), in each client's hook
 * settings: Claude Code's and Codex's {@code PreToolUse} and Gemini CLI's {@code BeforeTool} groups
 * ({@code {"matcher":...,"hooks":[{"type":"command","command":...}]}}), Cursor's {@code preToolUse}
 * list. The command is {@code sh <data dir>/hooks/lock-guard <client>}; an entry is recognised as
 * ours by that script name and client, so a repeated setup replaces it, an uninstall removes
 * exactly it, and the user's other hooks are never touched.
 */
final class LockHookEntries {
  static final String SCRIPT = "lock-guard";
  static final int TIMEOUT_SECONDS = 10;

  private LockHookEntries() {}

  /** The lock guard's change of {@code file}, the hook settings of a client that has hooks. */
  static SetupTarget target(ClientDescriptor client, Path file, boolean install, String command) {
    Hooks spot = Objects.requireNonNull(client.hooks(), client.id() + " has no hooks");
    String id = client.id();
    return new SetupTarget(
        id,
        "lock hook",
        file,
        JsonConfig.edit(
            root -> {
              if (install && present(root, spot, id, command)) {
                return;
              }
              remove(root, spot.lockEvent(), id);
              if (install) {
                add(root, spot, id, command);
              }
            }));
  }

  static String command(Path script, String client, Map<String, String> env) {
    return ShellLine.withEnv(env, List.of("sh", script.toString(), client));
  }

  static boolean isOurs(JsonNode hook, String client) {
    String command = hook.path("command").asText("").strip();
    return command.contains(SCRIPT) && command.endsWith(" " + client);
  }

  private static void add(ObjectNode root, Hooks spot, String client, String command) {
    if (spot.style() == HookStyle.FLAT && !root.has("version")) {
      root.put("version", 1);
    }
    JsonConfig.array(JsonConfig.object(root, "hooks"), spot.lockEvent()).add(entry(spot, command));
  }

  private static ObjectNode entry(Hooks spot, String command) {
    ObjectNode entry = Json.MAPPER.createObjectNode();
    if (spot.style() == HookStyle.FLAT) {
      return entry.put("command", command).put("timeout", TIMEOUT_SECONDS);
    }
    ObjectNode hook =
        entry
            .put("matcher", spot.lockMatcher())
            .putArray("hooks")
            .addObject()
            .put("type", "command")
            .put("command", command);
    hook.put("timeout", spot.timeout(TIMEOUT_SECONDS));
    return entry;
  }

  /** True when the event holds exactly our entry as it would be written, once: nothing to do. */
  private static boolean present(ObjectNode root, Hooks spot, String client, String command) {
    JsonNode list = root.path("hooks").path(spot.lockEvent());
    ObjectNode wanted = entry(spot, command);
    int ours = 0;
    boolean same = false;
    for (JsonNode e : list) {
      boolean mine = isOurs(e, client);
      for (JsonNode h : e.path("hooks")) {
        mine |= isOurs(h, client);
      }
      if (mine) {
        ours++;
        same = e.equals(wanted);
      }
    }
    return ours == 1 && same;
  }

  /** Removes our entries of {@code event} (and a group or event left empty by that). */
  private static void remove(ObjectNode root, String event, String client) {
    if (!(root.get("hooks") instanceof ObjectNode)
        || !(root.get("hooks").get(event) instanceof ArrayNode)) {
      return;
    }
    ObjectNode hooks = (ObjectNode) root.get("hooks");
    ArrayNode list = (ArrayNode) hooks.get(event);
    boolean removed = false;
    for (Iterator<JsonNode> it = list.elements(); it.hasNext(); ) {
      JsonNode entry = it.next();
      if (isOurs(entry, client)) {
        it.remove();
        removed = true;
      } else if (entry.get("hooks") instanceof ArrayNode) {
        ArrayNode inner = (ArrayNode) entry.get("hooks");
        List<JsonNode> keep = new ArrayList<>();
        inner.forEach(
            h -> {
              if (!isOurs(h, client)) {
                keep.add(h);
              }
            });
        if (keep.size() != inner.size()) {
          removed = true;
          inner.removeAll();
          inner.addAll(keep);
          if (keep.isEmpty()) {
            it.remove();
          }
        }
      }
    }
    if (removed && list.isEmpty()) {
      hooks.remove(event);
      if (hooks.isEmpty()) {
        root.remove("hooks");
      }
    }
  }
}
