package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/**
 * The only writer of the protocol stream (stdout): one compact JSON message plus {@code \n} per
 * call, under one lock, flushed. After the first write failure (the client went away) every later
 * write is dropped quietly. Thread-safe.
 */
final class ProtocolWriter {

  private final OutputStream out;
  private boolean broken;

  ProtocolWriter(OutputStream out) {
    this.out = out;
  }

  /** Writes one message; false if the stream is broken. */
  synchronized boolean write(JsonNode message) {
    if (broken) {
      return false;
    }
    byte[] bytes = (Json.write(message) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      out.write(bytes);
      out.flush();
      return true;
    } catch (IOException e) {
      broken = true;
      Log.LOG.warn("Cannot write to the MCP client any more: {}", e.toString());
      return false;
    }
  }

  /** Created on first use, once logging is set up ({@link McpLogs}). */
  private static final class Log {
    static final Logger LOG = McpLogs.logger(ProtocolWriter.class);
  }
}
