package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.MeshPrompts;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code prompts/list} and {@code prompts/get}: the five slash commands of {@link MeshPrompts} as
 * MCP prompts, which clients that show prompts offer as commands. Arguments are strings; a missing
 * required one, a non-string one or an unknown prompt is an invalid-params error.
 */
final class PromptCatalog {
  private PromptCatalog() {}

  static ObjectNode list() {
    ObjectNode result = Json.MAPPER.createObjectNode();
    ArrayNode prompts = result.putArray("prompts");
    for (MeshPrompts.Prompt p : MeshPrompts.all()) {
      ObjectNode o = prompts.addObject().put("name", p.name()).put("description", p.description());
      ArrayNode args = o.putArray("arguments");
      for (MeshPrompts.Argument a : p.arguments()) {
        args.addObject()
            .put("name", a.name())
            .put("description", a.description())
            .put("required", a.required());
      }
    }
    return result;
  }

  static ObjectNode get(@Nullable JsonNode params) throws RpcException {
    JsonNode name = params == null ? null : params.get("name");
    if (name == null || !name.isTextual()) {
      throw new RpcException(RpcException.INVALID_PARAMS, "prompts/get needs params.name");
    }
    MeshPrompts.Prompt prompt =
        MeshPrompts.find(name.asText())
            .orElseThrow(
                () ->
                    new RpcException(
                        RpcException.INVALID_PARAMS, "Unknown prompt: " + name.asText()));
    Map<String, String> values = arguments(params.get("arguments"));
    for (MeshPrompts.Argument a : prompt.arguments()) {
      if (a.required() && values.getOrDefault(a.name(), "").isBlank()) {
        throw new RpcException(
            RpcException.INVALID_PARAMS,
            "Missing required argument \"" + a.name() + "\" for prompt " + prompt.name());
      }
    }
    ObjectNode result = Json.MAPPER.createObjectNode().put("description", prompt.description());
    ObjectNode message = result.putArray("messages").addObject().put("role", "user");
    message.putObject("content").put("type", "text").put("text", prompt.text(values));
    return result;
  }

  private static Map<String, String> arguments(@Nullable JsonNode args) throws RpcException {
    Map<String, String> values = new HashMap<>();
    if (args == null || args.isNull()) {
      return values;
    }
    if (!args.isObject()) {
      throw new RpcException(
          RpcException.INVALID_PARAMS, "prompts/get arguments must be an object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = args.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new RpcException(
            RpcException.INVALID_PARAMS, "prompt argument \"" + e.getKey() + "\" must be a string");
      }
      values.put(e.getKey(), e.getValue().asText());
    }
    return values;
  }
}
