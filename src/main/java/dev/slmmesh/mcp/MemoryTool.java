package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.base.Threads;
import dev.slmmesh.config.Config;
import dev.slmmesh.config.MemorySettings;
import dev.slmmesh.memory.MemoryBridge;
import dev.slmmesh.memory.MemoryBridges;
import dev.slmmesh.memory.MemoryException;
import dev.slmmesh.wire.Json;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;

/**
 * {@code mesh_recall}, offered only when a memory system is detected (docs/memory.md). Detection
 * runs on its own thread from the start, so that it never delays the handshake; {@code tools/list}
 * waits for it at most {@link #WAIT}.
 */
final class MemoryTool {
  static final Duration WAIT = Duration.ofSeconds(4);

  private final CompletableFuture<Optional<MemoryBridge>> bridge;

  MemoryTool(CompletableFuture<Optional<MemoryBridge>> bridge) {
    this.bridge = bridge;
  }

  static MemoryTool none() {
    return new MemoryTool(CompletableFuture.completedFuture(Optional.empty()));
  }

  /** Starts detecting in the background, for the configuration of this session. */
  static MemoryTool detect(Config config) {
    CompletableFuture<Optional<MemoryBridge>> f = new CompletableFuture<>();
    Threads.daemon(
            "mcp-memory-detect",
            () -> {
              MemoryBridges.Detection d =
                  MemoryBridges.detect(MemorySettings.of(config), config.environment());
              Log.LOG.info("{}", d.line());
              f.complete(d.found());
            })
        .start();
    return new MemoryTool(f);
  }

  Optional<MemoryBridge> bridge() {
    try {
      return bridge.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * The broker-style answer: {@code {"ok":true,"memories":[...]}}; a failure is {@code ok:false}.
   */
  ObjectNode recall(String query, int limit) {
    ObjectNode answer = Json.MAPPER.createObjectNode();
    Optional<MemoryBridge> b = bridge();
    if (b.isEmpty()) {
      return answer.put("ok", false).put("error", "No memory system is connected");
    }
    try {
      ArrayNode list =
          answer.put("ok", true).put("source", b.get().describe()).putArray("memories");
      b.get().recall(query, limit).forEach(list::add);
      return answer;
    } catch (MemoryException e) {
      return Json.MAPPER.createObjectNode().put("ok", false).put("error", e.getMessage());
    }
  }

  /** Created on first use, once logging is set up ({@link McpLogs}). */
  private static final class Log {
    static final Logger LOG = McpLogs.logger(MemoryTool.class);
  }
}
