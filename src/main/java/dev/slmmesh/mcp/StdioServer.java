package dev.slmmesh.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.base.LineReader;
import dev.slmmesh.base.Threads;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * The JSON-RPC 2.0 loop over newline-delimited stdio (MCP stdio transport). Every line gets its
 * answer: a malformed one an error (-32700 parse error, -32600 invalid request) and the session
 * goes on. Tool calls run on a small pool so that pings and the handshake are never stuck behind a
 * slow broker; at end of input the calls under way may finish (bounded) before {@link #run}
 * returns.
 */
final class StdioServer {
  static final int MAX_LINE_BYTES = 8 * 1024 * 1024;
  private static final ObjectReader STRICT =
      Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final McpProtocol protocol;
  private final ProtocolWriter out;
  private final Duration drain;
  private final ThreadPoolExecutor toolPool =
      new ThreadPoolExecutor(
          3,
          3,
          0,
          TimeUnit.MILLISECONDS,
          new ArrayBlockingQueue<>(64),
          Threads.numbered("mcp-tool-"));

  /**
   * @param drain how long calls under way may still run after the input ended
   */
  StdioServer(McpProtocol protocol, ProtocolWriter out, Duration drain) {
    this.protocol = protocol;
    this.out = out;
    this.drain = drain;
  }

  /** Serves until {@code in} ends, then lets running calls finish within the drain time. */
  void run(InputStream in) {
    LineReader lines = new LineReader(in, MAX_LINE_BYTES);
    try {
      while (true) {
        String line;
        try {
          line = lines.readLine();
        } catch (LineReader.LineTooLongException e) {
          out.write(error(null, RpcException.PARSE_ERROR, "Parse error: " + e.getMessage()));
          continue;
        }
        if (line == null) {
          break;
        }
        if (!line.isBlank()) {
          handleLine(line);
        }
      }
    } catch (IOException e) {
      Log.LOG.warn("Reading stdin failed: {}", e.toString());
    }
    Log.LOG.info("stdin closed; shutting down");
    toolPool.shutdown();
    try {
      if (!toolPool.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
        Log.LOG.warn(
            "{} tool calls still running after {} ms; leaving them",
            toolPool.getActiveCount(),
            drain.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void handleLine(String line) {
    JsonNode message;
    try {
      message = STRICT.readTree(line);
    } catch (JsonProcessingException e) {
      out.write(error(null, RpcException.PARSE_ERROR, "Parse error: " + e.getOriginalMessage()));
      return;
    }
    if (message == null || !message.isObject()) {
      out.write(
          error(
              null,
              RpcException.INVALID_REQUEST,
              message != null && message.isArray()
                  ? "Invalid Request: batches are not supported"
                  : "Invalid Request: not an object"));
      return;
    }
    JsonNode id = message.get("id");
    boolean validId = id == null || id.isTextual() || id.isIntegralNumber();
    JsonNode method = message.get("method");
    if (method == null && (message.has("result") || message.has("error"))) {
      Log.LOG.debug("Ignoring a response from the client (this server sends no requests)");
      return;
    }
    if (!validId
        || !"2.0".equals(message.path("jsonrpc").asText())
        || method == null
        || !method.isTextual()) {
      out.write(
          error(
              validId ? id : null,
              RpcException.INVALID_REQUEST,
              "Invalid Request: needs \"jsonrpc\":\"2.0\", a string \"method\" and a string or "
                  + "integer \"id\""));
      return;
    }
    JsonNode params = message.get("params");
    if (id == null) {
      protocol.notify(method.asText());
      return;
    }
    if (params != null && !params.isObject()) {
      out.write(error(id, RpcException.INVALID_PARAMS, "Invalid params: must be an object"));
      return;
    }
    dispatch(id, method.asText(), params);
  }

  private void dispatch(JsonNode id, String method, @Nullable JsonNode params) {
    if (!McpProtocol.TOOLS_CALL.equals(method)) {
      answer(id, method, params);
      return;
    }
    try {
      toolPool.execute(() -> answer(id, method, params));
    } catch (RejectedExecutionException e) {
      out.write(error(id, RpcException.INTERNAL_ERROR, "Server busy: too many tool calls"));
    }
  }

  private void answer(JsonNode id, String method, @Nullable JsonNode params) {
    ObjectNode reply;
    try {
      reply = envelope(id);
      reply.set("result", protocol.handle(method, params));
    } catch (RpcException e) {
      reply = error(id, e.code(), e.getMessage());
    } catch (RuntimeException e) {
      Log.LOG.error("{} failed", method, e);
      reply = error(id, RpcException.INTERNAL_ERROR, "Internal error: " + e);
    }
    out.write(reply);
    protocol.replied(method);
  }

  private static ObjectNode envelope(@Nullable JsonNode id) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("jsonrpc", "2.0");
    o.set("id", id == null ? Json.MAPPER.nullNode() : id);
    return o;
  }

  static ObjectNode error(@Nullable JsonNode id, int code, String message) {
    ObjectNode o = envelope(id);
    ObjectNode e = o.putObject("error");
    e.put("code", code);
    e.put("message", message);
    return o;
  }

  /** Created on first use, once logging is set up ({@link McpLogs}). */
  private static final class Log {
    static final Logger LOG = McpLogs.logger(StdioServer.class);
  }
}
