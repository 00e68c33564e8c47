package dev.slmmesh.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each agent client keeps its MCP servers and hooks, and the entries setup writes there.
 * Every location and format is cited in docs/cli.md ("Setting up agent clients"). All paths
 * derive from the injected home directory and environment, so tests use temporary homes.
 */
public final class AgentClients {
  public static final List<String> IDS =
      List.of("claude-code", "cursor", "codex", "vscode", "windsurf", "gemini-cli", "opencode", "antigravity");
  static final String SERVER = "slm-mesh";
  /** The clients whose server entry is {@link #serverEntry} (or Codex's TOML form of it). */
  private static final List<String> TYPED_OR_PLAIN =
      List.of("claude-code", "cursor", "codex", "vscode", "windsurf", "gemini-cli");
  /** Seconds (Claude Code, Codex) and milliseconds (Gemini CLI) a hook may take. */
  static final int HOOK_TIMEOUT_SECONDS = 10;
  static final int WAITER_TIMEOUT_SECONDS = 3600;
  /** Claude Code: messages at each prompt and at the end of a turn, the waker, presence. */
  static final List<HookEntries.Spec> CLAUDE_HOOKS = List.of(
      HookEntries.Spec.sync("UserPromptSubmit", HOOK_TIMEOUT_SECONDS),
      HookEntries.Spec.sync("Stop", HOOK_TIMEOUT_SECONDS),
      new HookEntries.Spec("Stop", "wait", WAITER_TIMEOUT_SECONDS, true),
      new HookEntries.Spec("SessionStart", "wait", WAITER_TIMEOUT_SECONDS, true),
      HookEntries.Spec.sync("Notification", HOOK_TIMEOUT_SECONDS));
  static final List<HookEntries.Spec> CODEX_HOOKS = List.of(
      HookEntries.Spec.sync("UserPromptSubmit", HOOK_TIMEOUT_SECONDS),
      HookEntries.Spec.sync("Stop", HOOK_TIMEOUT_SECONDS));
  static final List<HookEntries.Spec> GEMINI_HOOKS = List.of(
      HookEntries.Spec.sync("BeforeAgent", HOOK_TIMEOUT_SECONDS * 1000),
      HookEntries.Spec.sync("AfterAgent", HOOK_TIMEOUT_SECONDS * 1000),
      HookEntries.Spec.sync("Notification", HOOK_TIMEOUT_SECONDS * 1000));

  private final Path home;
  private final Map<String, String> env;
  private final boolean macOs;
  private final List<String> launcher;
  private final Map<String, String> serverEnv;
  private final Path hookScript;
  private final MoreClients more;

  /**
   * @param launcher the command that runs slm-mesh ({@link LauncherCommand})
   * @param serverEnv variables the MCP server and hooks need (a non-default data dir or port)
   * @param hookScript the installed {@code slm-mesh-hook} script ({@link HookScripts})
   */
  public AgentClients(Path home, Map<String, String> env, boolean macOs, List<String> launcher,
      Map<String, String> serverEnv, Path hookScript) {
    this.home = home;
    this.env = env;
    this.macOs = macOs;
    this.launcher = List.copyOf(launcher);
    this.serverEnv = new LinkedHashMap<>(serverEnv);
    this.hookScript = hookScript;
    this.more = new MoreClients(home, env, this);
  }

  /** The directory whose presence shows the client is installed. */
  public Path configDir(String client) {
    switch (client) {
      case "claude-code":
        return claudeDir();
      case "cursor":
        return home.resolve(".cursor");
      case "codex":
        return codexDir();
      case "vscode":
        return vscodeDir();
      case "windsurf":
        return home.resolve(".codeium").resolve("windsurf");
      case "gemini-cli":
        return home.resolve(".gemini");
      default:
        return more.configDir(client);
    }
  }

  public boolean installed(String client) {
    return Files.isDirectory(configDir(client))
        || (client.equals("claude-code") && Files.exists(claudeJson()));
  }

  /** The files to change for {@code client}: its MCP server entry, and its hooks when asked. */
  public List<SetupTarget> targets(String client, boolean install, boolean hooks) {
    List<SetupTarget> out = new ArrayList<>();
    switch (client) {
      case "claude-code":
        out.add(mcp(client, claudeJson(), "mcpServers", true, install));
        if (hooks) {
          out.add(grouped(client, claudeDir().resolve("settings.json"), CLAUDE_HOOKS, install));
        }
        break;
      case "cursor":
        out.add(mcp(client, configDir(client).resolve("mcp.json"), "mcpServers", false, install));
        if (hooks) {
          out.add(new SetupTarget(client, "hooks", configDir(client).resolve("hooks.json"), JsonConfig.edit(root -> {
            if (install) {
              HookEntries.installCursor(root, "stop", hookCommand(client, "stop"));
            } else {
              HookEntries.removeCursor(root, "stop");
            }
          })));
        }
        break;
      case "codex":
        out.add(codexToml(install));
        if (hooks) {
          out.add(grouped(client, codexDir().resolve("hooks.json"), CODEX_HOOKS, install));
        }
        break;
      case "vscode":
        out.add(mcp(client, vscodeDir().resolve("mcp.json"), "servers", true, install));
        break;
      case "windsurf":
        out.add(mcp(client, configDir(client).resolve("mcp_config.json"), "mcpServers", false, install));
        break;
      case "gemini-cli":
        out.add(mcp(client, configDir(client).resolve("settings.json"), "mcpServers", false, install));
        if (hooks) {
          out.add(grouped(client, configDir(client).resolve("settings.json"), GEMINI_HOOKS, install));
        }
        break;
      default:
        out.addAll(more.targets(client, install));
    }
    return out;
  }

  /** The argument vector of the MCP server: the launcher with {@code mcp}. */
  public List<String> serverCommand() {
    List<String> cmd = new ArrayList<>(launcher);
    cmd.add("mcp");
    return cmd;
  }

  /**
   * The shell command line of a hook: {@code sh <hooks>/slm-mesh-hook <client> <event>}, with the
   * variables the server needs in front (docs/hooks.md).
   */
  String hookCommand(String client, String event) {
    return ShellLine.withEnv(serverEnv, List.of("sh", hookScript.toString(), client, event));
  }

  /**
   * What {@code setup} writes for one target, as a person would add it by hand: the server entry
   * (JSON, or Codex's TOML table) with its variables, or the hook command; empty for the other
   * kinds of target.
   */
  public String entryText(SetupTarget t) {
    if (t.what().startsWith("hooks")) {
      return "hook command (one entry per hook event): " + hookCommand(t.client(), "EVENT");
    }
    if (!t.what().startsWith("MCP server") || !TYPED_OR_PLAIN.contains(t.client())) {
      return ""; // lock hooks, command files, other clients' formats: the table row says enough
    }
    if (t.client().equals("codex")) {
      List<String> cmd = serverCommand();
      return "[mcp_servers." + SERVER + "]\ncommand = " + TomlTableEditor.string(cmd.get(0)) + "\nargs = "
          + TomlTableEditor.array(cmd.subList(1, cmd.size()))
          + (serverEnv.isEmpty() ? "" : "\nenv = " + TomlTableEditor.inlineTable(serverEnv));
    }
    boolean typed = t.client().equals("claude-code") || t.client().equals("vscode");
    return "\"" + SERVER + "\": " + Json.write(serverEntry(typed));
  }

  private SetupTarget grouped(String client, Path file, List<HookEntries.Spec> specs, boolean install) {
    Map<String, String> commands = new LinkedHashMap<>();
    specs.forEach(s -> commands.put(s.argument(), hookCommand(client, s.argument())));
    return new SetupTarget(client, "hooks", file, JsonConfig.edit(root -> {
      if (install) {
        HookEntries.installGrouped(root, specs, commands, client);
      } else {
        HookEntries.removeGrouped(root, client);
      }
    }));
  }

  /** The variables the MCP server needs (a non-default data dir or port), in order. */
  Map<String, String> serverEnv() {
    return serverEnv;
  }

  SetupTarget mcp(String client, Path file, String key, boolean typed, boolean install) {
    return new SetupTarget(client, "MCP server", file, JsonConfig.edit(root -> {
      if (install) {
        JsonConfig.object(root, key).set(SERVER, serverEntry(typed));
      } else if (root.get(key) instanceof ObjectNode) {
        ((ObjectNode) root.get(key)).remove(SERVER);
      }
    }));
  }

  private JsonNode serverEntry(boolean typed) {
    ObjectNode entry = Json.MAPPER.createObjectNode();
    if (typed) {
      entry.put("type", "stdio");
    }
    List<String> cmd = serverCommand();
    entry.put("command", cmd.get(0));
    ArrayNode args = entry.putArray("args");
    cmd.subList(1, cmd.size()).forEach(args::add);
    if (!serverEnv.isEmpty()) {
      ObjectNode vars = entry.putObject("env");
      serverEnv.forEach(vars::put);
    }
    return entry;
  }

  private SetupTarget codexToml(boolean install) {
    TomlTableEditor editor = new TomlTableEditor(List.of("mcp_servers", SERVER));
    return new SetupTarget("codex", "MCP server", codexDir().resolve("config.toml"), text -> {
      if (!install) {
        return editor.remove(text);
      }
      List<String> cmd = serverCommand();
      Map<String, String> keys = new LinkedHashMap<>();
      keys.put("command", TomlTableEditor.string(cmd.get(0)));
      keys.put("args", TomlTableEditor.array(cmd.subList(1, cmd.size())));
      if (!serverEnv.isEmpty()) {
        keys.put("env", TomlTableEditor.inlineTable(serverEnv));
      }
      return editor.upsert(text, keys);
    });
  }

  private Path claudeDir() {
    String dir = env.get("CLAUDE_CONFIG_DIR");
    return dir == null || dir.isBlank() ? home.resolve(".claude") : Path.of(dir);
  }

  /** User-scope MCP servers live in {@code ~/.claude.json} (inside CLAUDE_CONFIG_DIR when set). */
  private Path claudeJson() {
    String dir = env.get("CLAUDE_CONFIG_DIR");
    return dir == null || dir.isBlank() ? home.resolve(".claude.json") : Path.of(dir).resolve(".claude.json");
  }

  private Path codexDir() {
    String dir = env.get("CODEX_HOME");
    return dir == null || dir.isBlank() ? home.resolve(".codex") : Path.of(dir);
  }

  private Path vscodeDir() {
    if (macOs) {
      return home.resolve("Library").resolve("Application Support").resolve("Code").resolve("User");
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    Path config = xdg == null || xdg.isBlank() ? home.resolve(".config") : Path.of(xdg);
    return config.resolve("Code").resolve("User");
  }
}
