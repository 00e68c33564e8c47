package dev.slmmesh.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.wire.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The pre-tool hook that enforces locks at the edit (docs/locks.md), in each client's hook
 * settings: Claude Code's and Codex's {@code PreToolUse} and Gemini CLI's {@code BeforeTool}
 * groups ({@code {"matcher":...,"hooks":[{"type":"command","command":...}]}}), Cursor's {@code
 * preToolUse} list. The command is {@code sh <data dir>/hooks/lock-guard <client>}; an entry is
 * recognised as ours by that script name and client, so a repeated setup replaces it, an
 * uninstall removes exactly it, and the user's other hooks are never touched.
 */
public final class LockHookEntries {
  static final String SCRIPT = "lock-guard";
  static final int TIMEOUT_SECONDS = 10;

  /** Event, tool matcher (Cursor's entry has none: every tool) and settings file of each client. */
  private record Spot(String event, String matcher, String file) {}

  private static final Map<String, Spot> SPOTS = Map.of(
      "claude-code", new Spot("PreToolUse", "Edit|Write|MultiEdit|NotebookEdit", "settings.json"),
      "codex", new Spot("PreToolUse", "apply_patch|Edit|Write|Bash", "hooks.json"),
      "gemini-cli", new Spot("BeforeTool", "write_file|replace|edit", "settings.json"),
      "cursor", new Spot("preToolUse", "", "hooks.json"));

  private LockHookEntries() {}

  /** The lock hook's file change for {@code client}, or none when the client has no pre-tool hook. */
  public static List<SetupTarget> targets(AgentClients clients, String client, boolean install, Path hooksDir,
      Map<String, String> env) {
    Spot spot = SPOTS.get(client);
    if (spot == null) {
      return List.of();
    }
    String command = command(hooksDir.resolve(SCRIPT), client, env);
    Path file = clients.configDir(client).resolve(spot.file());
    return List.of(new SetupTarget(client, "lock hook", file, JsonConfig.edit(root -> {
      if (install && present(root, spot, client, command)) {
        return;
      }
      remove(root, spot.event(), client);
      if (install) {
        add(root, spot, client, command);
      }
    })));
  }

  static String command(Path script, String client, Map<String, String> env) {
    return ShellLine.withEnv(env, List.of("sh", script.toString(), client));
  }

  static boolean isOurs(JsonNode hook, String client) {
    String command = hook.path("command").asText("").strip();
    return command.contains(SCRIPT) && command.endsWith(" " + client);
  }

  private static void add(ObjectNode root, Spot spot, String client, String command) {
    if (client.equals("cursor") && !root.has("version")) {
      root.put("version", 1);
    }
    JsonConfig.array(JsonConfig.object(root, "hooks"), spot.event()).add(entry(spot, client, command));
  }

  private static ObjectNode entry(Spot spot, String client, String command) {
    ObjectNode entry = Json.MAPPER.createObjectNode();
    if (client.equals("cursor")) {
      return entry.put("command", command).put("timeout", TIMEOUT_SECONDS);
    }
    ObjectNode hook = entry.put("matcher", spot.matcher()).putArray("hooks").addObject()
        .put("type", "command").put("command", command);
    // Gemini CLI counts its timeout in milliseconds, the others in seconds
    hook.put("timeout", client.equals("gemini-cli") ? TIMEOUT_SECONDS * 1000 : TIMEOUT_SECONDS);
    return entry;
  }

  /** True when the event holds exactly our entry as it would be written, once: nothing to do. */
  private static boolean present(ObjectNode root, Spot spot, String client, String command) {
    JsonNode list = root.path("hooks").path(spot.event());
    ObjectNode wanted = entry(spot, client, command);
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
    if (!(root.get("hooks") instanceof ObjectNode) || !(root.get("hooks").get(event) instanceof ArrayNode)) {
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
        inner.forEach(h -> {
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
