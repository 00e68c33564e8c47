package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.config.Config;
import dev.slmmesh.wire.Json;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * The MCP methods of this server: {@code initialize}, {@code ping}, {@code tools/list}, {@code
 * tools/call}, {@code prompts/list}, {@code prompts/get} and the {@code notifications/initialized}
 * notification. Nothing here waits for the broker except {@code tools/call}.
 */
final class McpProtocol {
  static final String SERVER_NAME = "slm-mesh";
  static final String TOOLS_CALL = "tools/call";

  private final MeshTools tools;
  private final Delivery delivery;
  private final Runnable onInitialize;
  private volatile @Nullable String clientLine;

  /**
   * @param onInitialize runs after the {@code initialize} answer was written (starts registration)
   */
  McpProtocol(MeshTools tools, Delivery delivery, Runnable onInitialize) {
    this.tools = tools;
    this.delivery = delivery;
    this.onInitialize = onInitialize;
  }

  /** Answers one request; throws for JSON-RPC errors. */
  JsonNode handle(String method, @Nullable JsonNode params) throws RpcException {
    switch (method) {
      case "initialize":
        return initialize(params);
      case "ping":
        return Json.MAPPER.createObjectNode();
      case "tools/list":
        return listTools();
      case TOOLS_CALL:
        return callTool(params);
      case "prompts/list":
        return PromptCatalog.list();
      case "prompts/get":
        return PromptCatalog.get(params);
      default:
        throw new RpcException(RpcException.METHOD_NOT_FOUND, "Method not found: " + method);
    }
  }

  /** Called after the answer to {@code method} was written: broker work follows the handshake. */
  void replied(String method) {
    if ("initialize".equals(method)) {
      String line = clientLine;
      if (line != null) {
        clientLine = null;
        Log.LOG.info("{}", line); // after the answer: a first logger waits for logging's set-up
      }
      onInitialize.run();
    }
  }

  /** Handles one notification; unknown ones are ignored, as JSON-RPC requires. */
  void notify(String method) {
    if ("notifications/initialized".equals(method)) {
      delivery.clientInitialized();
    } else {
      Log.LOG.debug("Ignoring notification {}", method);
    }
  }

  private ObjectNode initialize(@Nullable JsonNode params) throws RpcException {
    JsonNode requested = params == null ? null : params.get("protocolVersion");
    if (requested != null && !requested.isTextual()) {
      throw new RpcException(RpcException.INVALID_PARAMS, "protocolVersion must be a string");
    }
    String version = ProtocolVersions.negotiate(requested == null ? null : requested.asText());
    JsonNode client = params == null ? null : params.get("clientInfo");
    clientLine =
        "MCP client "
            + (client == null ? "?" : client.path("name").asText("?"))
            + " "
            + (client == null ? "" : client.path("version").asText(""))
            + " (protocol "
            + (requested == null ? "none" : requested.asText())
            + " requested, "
            + version
            + " used)";
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.put("protocolVersion", version);
    ObjectNode caps = result.putObject("capabilities");
    caps.putObject("tools").put("listChanged", false);
    caps.putObject("prompts").put("listChanged", false);
    if (delivery.declaresChannel()) {
      caps.putObject("experimental").putObject("claude/channel");
    }
    ObjectNode info = result.putObject("serverInfo");
    info.put("name", SERVER_NAME);
    info.put("title", "SLM Mesh");
    info.put("version", Config.VERSION);
    result.put("instructions", Instructions.text(delivery.declaresChannel()));
    return result;
  }

  private ObjectNode listTools() {
    ObjectNode result = Json.MAPPER.createObjectNode();
    ArrayNode list = result.putArray("tools");
    tools.tools().forEach(t -> list.add(t.toJson()));
    return result;
  }

  private ObjectNode callTool(@Nullable JsonNode params) throws RpcException {
    JsonNode name = params == null ? null : params.get("name");
    if (name == null || !name.isTextual()) {
      throw new RpcException(RpcException.INVALID_PARAMS, "tools/call needs params.name");
    }
    return tools.call(name.asText(), params.get("arguments"));
  }

  /** Created on first use, once logging is set up ({@link McpLogs}). */
  private static final class Log {
    static final Logger LOG = McpLogs.logger(McpProtocol.class);
  }
}
