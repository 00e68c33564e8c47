package dev.slmmesh.setup;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The clients {@code setup} knows beyond the original six (docs/cli.md): OpenCode, whose MCP
 * servers live under {@code mcp} in {@code ~/.config/opencode/opencode.json} as
 * {@code {"type":"local","command":[...],"enabled":true,"environment":{...}}}, and Google
 * Antigravity, whose servers live under {@code mcpServers} in
 * {@code ~/.gemini/antigravity/mcp_config.json} as {@code {"command","args","env"}}. Neither has
 * command hooks in its settings (OpenCode's hooks are JavaScript plugins), so neither gets hooks:
 * their sessions see new messages with their next mesh tool result.
 */
public final class MoreClients {
  static final List<String> IDS = List.of("opencode", "antigravity");

  private final Path home;
  private final Map<String, String> env;
  private final AgentClients base;

  MoreClients(Path home, Map<String, String> env, AgentClients base) {
    this.home = home;
    this.env = env;
    this.base = base;
  }

  Path configDir(String client) {
    switch (client) {
      case "opencode":
        String xdg = env.get("XDG_CONFIG_HOME");
        return (xdg == null || xdg.isBlank() ? home.resolve(".config") : Path.of(xdg)).resolve("opencode");
      case "antigravity":
        return home.resolve(".gemini").resolve("antigravity");
      default:
        throw new IllegalArgumentException("unknown client " + client);
    }
  }

  List<SetupTarget> targets(String client, boolean install) {
    switch (client) {
      case "opencode":
        return List.of(openCode(install));
      case "antigravity":
        return List.of(base.mcp(client, configDir(client).resolve("mcp_config.json"), "mcpServers", false, install));
      default:
        throw new IllegalArgumentException("unknown client " + client);
    }
  }

  /** {@code opencode.json}, or an existing {@code opencode.jsonc} when that is the one in use. */
  private Path openCodeFile() {
    Path json = configDir("opencode").resolve("opencode.json");
    Path jsonc = configDir("opencode").resolve("opencode.jsonc");
    return !Files.exists(json) && Files.exists(jsonc) ? jsonc : json;
  }

  private SetupTarget openCode(boolean install) {
    return new SetupTarget("opencode", "MCP server", openCodeFile(), JsonConfig.edit(root -> {
      if (!install) {
        if (root.get("mcp") instanceof ObjectNode) {
          ((ObjectNode) root.get("mcp")).remove(AgentClients.SERVER);
        }
        return;
      }
      if (root.isEmpty()) {
        root.put("$schema", "https://opencode.ai/config.json");
      }
      ObjectNode entry = JsonConfig.object(root, "mcp").putObject(AgentClients.SERVER);
      entry.put("type", "local");
      ArrayNode command = entry.putArray("command");
      base.serverCommand().forEach(command::add);
      entry.put("enabled", true);
      if (!base.serverEnv().isEmpty()) {
        ObjectNode vars = entry.putObject("environment");
        base.serverEnv().forEach(vars::put);
      }
    }));
  }
}
