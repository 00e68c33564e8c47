package dev.slmmesh.mcp;

import dev.slmmesh.config.Config;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The MCP server's own settings, read from the configuration's environment (docs/mcp.md): {@code
 * SLM_MESH_CHANNELS} (on, off, auto), {@code SLM_MESH_PIGGYBACK} (on, off) and {@code
 * SLM_MESH_PEER_NAME}; {@link #logToStderr} reads where its logs go, {@code SLM_MESH_MCP_LOG}
 * ({@code file}, the default, or {@code stderr}), before logging starts.
 */
record McpSettings(
    ChannelMode channels,
    boolean piggyback,
    @Nullable String peerName,
    Duration readyWait,
    Duration brokerStartWait,
    Duration drain) {

  static final Duration READY_WAIT = Duration.ofSeconds(10);
  static final Duration BROKER_START_WAIT = Duration.ofSeconds(10);

  /** Time left to calls under way once stdin closed: the whole exit must stay under 2 s. */
  static final Duration DRAIN = Duration.ofMillis(800);

  static McpSettings from(Config config) {
    Map<String, String> env = config.environment();
    String name = env.get("SLM_MESH_PEER_NAME");
    return new McpSettings(
        ChannelMode.parse(env.getOrDefault("SLM_MESH_CHANNELS", "auto")),
        !env.getOrDefault("SLM_MESH_PIGGYBACK", "on")
            .trim()
            .toLowerCase(Locale.ROOT)
            .matches("off|false|0"),
        name == null || name.isBlank() ? null : name.trim(),
        READY_WAIT,
        BROKER_START_WAIT,
        DRAIN);
  }

  /** {@link #logToStderr(String)}, or the file after a warning on {@code problems}. */
  static boolean logToStderr(@Nullable String value, java.io.PrintStream problems) {
    try {
      return logToStderr(value);
    } catch (IllegalArgumentException e) {
      problems.println("slm-mesh: " + e.getMessage() + "; using file");
      return false;
    }
  }

  /**
   * {@code stderr} sends every log line to stderr, {@code file} (or no value) only warnings and
   * errors, the rest to the log file.
   *
   * @throws IllegalArgumentException for any other value, naming the setting
   */
  static boolean logToStderr(@Nullable String value) {
    String v = value == null ? "file" : value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("stderr") || v.equals("file") || v.isEmpty()) {
      return v.equals("stderr");
    }
    throw new IllegalArgumentException(
        "SLM_MESH_MCP_LOG=\"" + value + "\" is neither file nor stderr");
  }
}
