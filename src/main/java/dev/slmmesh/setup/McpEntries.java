package dev.slmmesh.setup;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.setup.ClientDescriptor.Mcp;
import dev.slmmesh.setup.ClientDescriptor.Shape;
import dev.slmmesh.wire.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Our MCP server entry in each {@link Shape}: the text edit that adds (or removes) it under the
 * descriptor's key, and the entry as a person would add it by hand when a file cannot be edited.
 */
final class McpEntries {
  private final List<String> command;
  private final Map<String, String> env;

  /**
   * @param command the argument vector of the MCP server (the launcher with {@code mcp})
   * @param env variables the server needs (a non-default data dir or port), in order
   */
  McpEntries(List<String> command, Map<String, String> env) {
    this.command = List.copyOf(command);
    this.env = new LinkedHashMap<>(env);
  }

  UnaryOperator<String> edit(Mcp mcp, boolean install) {
    if (mcp.shape() == Shape.TOML_TABLE) {
      TomlTableEditor editor = new TomlTableEditor(List.of(mcp.key(), ClientDescriptor.SERVER));
      return text -> install ? editor.upsert(text, tomlKeys()) : editor.remove(text);
    }
    return JsonConfig.edit(
        root -> {
          if (!install) {
            if (root.get(mcp.key()) instanceof ObjectNode) {
              ((ObjectNode) root.get(mcp.key())).remove(ClientDescriptor.SERVER);
            }
            return;
          }
          if (mcp.shape() == Shape.JSON_OPENCODE && root.isEmpty()) {
            root.put("$schema", "https://opencode.ai/config.json");
          }
          JsonConfig.object(root, mcp.key()).set(ClientDescriptor.SERVER, json(mcp.shape()));
        });
  }

  /** The entry to add by hand: the JSON member, or the TOML table. */
  String text(Mcp mcp) {
    if (mcp.shape() == Shape.TOML_TABLE) {
      StringBuilder sb = new StringBuilder("[" + mcp.key() + "." + ClientDescriptor.SERVER + "]");
      tomlKeys().forEach((k, v) -> sb.append('\n').append(k).append(" = ").append(v));
      return sb.toString();
    }
    return "\"" + ClientDescriptor.SERVER + "\": " + Json.write(json(mcp.shape()));
  }

  private ObjectNode json(Shape shape) {
    ObjectNode entry = Json.MAPPER.createObjectNode();
    if (shape == Shape.JSON_OPENCODE) {
      entry.put("type", "local");
      ArrayNode all = entry.putArray("command");
      command.forEach(all::add);
      entry.put("enabled", true);
      putEnv(entry, "environment");
      return entry;
    }
    if (shape == Shape.JSON_TYPED) {
      entry.put("type", "stdio");
    }
    entry.put("command", command.get(0));
    ArrayNode args = entry.putArray("args");
    command.subList(1, command.size()).forEach(args::add);
    putEnv(entry, "env");
    return entry;
  }

  private void putEnv(ObjectNode entry, String key) {
    if (!env.isEmpty()) {
      ObjectNode vars = entry.putObject(key);
      env.forEach(vars::put);
    }
  }

  private Map<String, String> tomlKeys() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("command", TomlTableEditor.string(command.get(0)));
    keys.put("args", TomlTableEditor.array(command.subList(1, command.size())));
    if (!env.isEmpty()) {
      keys.put("env", TomlTableEditor.inlineTable(env));
    }
    return keys;
  }
}
