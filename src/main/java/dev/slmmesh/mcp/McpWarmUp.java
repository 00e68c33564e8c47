package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.base.Threads;
import dev.slmmesh.wire.Json;
import java.io.IOException;

/**
 * Loads and initializes, on a background thread, the classes of the handshake's path (Jackson's
 * tree parser and writer, the tool catalog and the instructions) while the main thread builds the
 * session, so that the answers to {@code initialize} and {@code tools/list} do not wait for them.
 * On two cores this takes a few tens of milliseconds off the time to the first answer
 * (docs/performance.md). No logger of its own: logging is set up after the warm-up, on the same
 * thread ({@link McpLogs}, through {@link #inBackground(Runnable)}).
 */
final class McpWarmUp {
  private McpWarmUp() {}

  static void inBackground() {
    inBackground(() -> {});
  }

  /** As above, then runs {@code after} on the same thread (logging's set-up, {@link McpLogs}). */
  static void inBackground(Runnable after) {
    Threads.start(
        "mcp-warmup",
        () -> {
          try {
            run();
          } finally {
            after.run();
          }
        });
  }

  static void run() {
    try {
      JsonNode request =
          Json.MAPPER.readTree(
              "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"clientInfo\":{\"name\":\"w\"}}}");
      Json.write(request);
      ToolCatalog.all().forEach(ToolSpec::toJson);
      Instructions.text(false);
    } catch (IOException | RuntimeException e) {
      // a warm-up only; the real requests will meet the same failure and report it
    }
  }
}
