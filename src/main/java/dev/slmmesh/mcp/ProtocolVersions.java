package dev.slmmesh.mcp;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The MCP protocol versions this server speaks. It stays on initialize-era versions: Claude Code is
 * reported not to register a channel server that negotiates the later discovery handshake.
 */
final class ProtocolVersions {
  static final String LATEST = "2025-11-25";
  static final List<String> SUPPORTED = List.of(LATEST, "2025-06-18", "2025-03-26", "2024-11-05");

  private ProtocolVersions() {}

  /** The client's version when we support it, else our latest (MCP lifecycle: negotiation). */
  static String negotiate(@Nullable String requested) {
    return requested != null && SUPPORTED.contains(requested) ? requested : LATEST;
  }
}
