package dev.slmmesh.setup;

import static dev.slmmesh.setup.ClientDescriptor.HookStyle.FLAT;
import static dev.slmmesh.setup.ClientDescriptor.HookStyle.GROUPED;
import static dev.slmmesh.setup.ClientDescriptor.Shape.JSON_OPENCODE;
import static dev.slmmesh.setup.ClientDescriptor.Shape.JSON_PLAIN;
import static dev.slmmesh.setup.ClientDescriptor.Shape.JSON_TYPED;
import static dev.slmmesh.setup.ClientDescriptor.Shape.TOML_TABLE;

import dev.slmmesh.setup.ClientDescriptor.Hooks;
import dev.slmmesh.setup.ClientDescriptor.Mcp;
import dev.slmmesh.setup.ClientNeeds.Need;
import dev.slmmesh.setup.CommandFiles.Format;
import dev.slmmesh.setup.CommandFiles.Layout;
import dev.slmmesh.setup.HookEntries.Spec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The agent clients {@code setup} knows, in the order help lists them: the one place that names
 * them. Each location and format is cited in docs/cli.md ("Setting up agent clients") and the
 * client's page in docs/clients/. To add a client, add its descriptor here.
 */
public final class KnownClients {
  public static final List<ClientDescriptor> ALL =
      List.of(
          new ClientDescriptor(
              "claude-code",
              "Claude Code",
              h -> h.dirOr("CLAUDE_CONFIG_DIR", h.home().resolve(".claude")),
              // user-scope MCP servers: ~/.claude.json, or .claude.json inside CLAUDE_CONFIG_DIR
              new Mcp(
                  (h, dir) -> h.dirOr("CLAUDE_CONFIG_DIR", h.home()).resolve(".claude.json"),
                  "mcpServers",
                  JSON_TYPED),
              new Hooks(
                  "settings.json",
                  GROUPED,
                  false,
                  List.of(
                      Spec.sync("UserPromptSubmit"),
                      Spec.sync("Stop"),
                      Spec.waker("Stop"),
                      Spec.waker("SessionStart"),
                      Spec.sync("Notification")),
                  "PreToolUse",
                  "Edit|Write|MultiEdit|NotebookEdit"),
              new Layout("commands", Format.FRONT_MATTER_ARGUMENTS),
              List.of()),
          new ClientDescriptor(
              "cursor",
              "Cursor",
              h -> h.home().resolve(".cursor"),
              Mcp.in("mcp.json", "mcpServers", JSON_PLAIN),
              new Hooks("hooks.json", FLAT, false, List.of(Spec.sync("stop")), "preToolUse", ""),
              new Layout("commands", Format.PLAIN),
              List.of()),
          new ClientDescriptor(
              "codex",
              "Codex",
              h -> h.dirOr("CODEX_HOME", h.home().resolve(".codex")),
              Mcp.in("config.toml", "mcp_servers", TOML_TABLE),
              new Hooks(
                  "hooks.json",
                  GROUPED,
                  false,
                  List.of(Spec.sync("UserPromptSubmit"), Spec.sync("Stop")),
                  "PreToolUse",
                  "apply_patch|Edit|Write|Bash"),
              new Layout("prompts", Format.FRONT_MATTER_ARGUMENTS),
              List.of(Need.CODEX_HOOK_TRUST)),
          new ClientDescriptor(
              "vscode",
              "VS Code",
              KnownClients::vscodeDir,
              Mcp.in("mcp.json", "servers", JSON_TYPED),
              null,
              null,
              List.of()),
          new ClientDescriptor(
              "windsurf",
              "Windsurf",
              h -> h.home().resolve(".codeium").resolve("windsurf"),
              Mcp.in("mcp_config.json", "mcpServers", JSON_PLAIN),
              null,
              null,
              List.of()),
          new ClientDescriptor(
              "gemini-cli",
              "Gemini CLI",
              h -> h.home().resolve(".gemini"),
              Mcp.in("settings.json", "mcpServers", JSON_PLAIN),
              new Hooks(
                  "settings.json",
                  GROUPED,
                  true,
                  List.of(
                      Spec.sync("BeforeAgent"), Spec.sync("AfterAgent"), Spec.sync("Notification")),
                  "BeforeTool",
                  "write_file|replace|edit"),
              new Layout("commands", Format.GEMINI_TOML),
              List.of(Need.GEMINI_FOLDER_TRUST)),
          // OpenCode's hooks are JavaScript plugins, not commands: its sessions see new messages
          // with their next mesh tool result
          new ClientDescriptor(
              "opencode",
              "OpenCode",
              h -> h.xdgConfig().resolve("opencode"),
              Mcp.jsonOrJsonc("opencode.json", "opencode.jsonc", "mcp", JSON_OPENCODE),
              null,
              new Layout("commands", Format.FRONT_MATTER_ARGUMENTS),
              List.of()),
          new ClientDescriptor(
              "antigravity",
              "Antigravity",
              h -> h.home().resolve(".gemini").resolve("antigravity"),
              Mcp.in("mcp_config.json", "mcpServers", JSON_PLAIN),
              null,
              new Layout("global_workflows", Format.FRONT_MATTER_DESCRIPTION),
              List.of()));

  /** The ids of {@link #ALL}, in order. */
  public static final List<String> IDS = ALL.stream().map(ClientDescriptor::id).toList();

  private KnownClients() {}

  public static Optional<ClientDescriptor> find(String id) {
    return ALL.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /** The one named {@code id}; for ids already checked against {@link #IDS}. */
  public static ClientDescriptor get(String id) {
    return find(id).orElseThrow(() -> new IllegalArgumentException("unknown client " + id));
  }

  /** The clients that run hook commands, in order. */
  public static List<ClientDescriptor> withHooks() {
    return ALL.stream().filter(ClientDescriptor::hasHooks).toList();
  }

  private static Path vscodeDir(ClientHome h) {
    Path base =
        h.macOs() ? h.home().resolve("Library").resolve("Application Support") : h.xdgConfig();
    return base.resolve("Code").resolve("User");
  }
}
