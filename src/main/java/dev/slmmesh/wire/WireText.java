package dev.slmmesh.wire;

import java.util.List;

/** Texts and enumerations the original fixes on the wire; tests pin them. */
public final class WireText {
  public static final String UNAUTHORIZED = "Unauthorized \u2014 invalid or missing bearer token";
  public static final String UNKNOWN_ENDPOINT = "Unknown endpoint";
  public static final String INVALID_JSON = "Invalid JSON in request body";
  public static final String BODY_TOO_LARGE = "Request body too large (max 1MB)";
  public static final String INTERNAL = "Internal server error";
  public static final String PEER_NOT_FOUND = "Peer not found";
  public static final String PEER_NOT_FOUND_OR_INACTIVE = "Peer not found or inactive";
  public static final String INVALID_PEER_ID = "Invalid peer ID format";

  public static final List<String> AGENT_TYPES =
      List.of(
          "claude-code", "cursor", "aider", "codex", "windsurf", "vscode", "gemini-cli", "unknown");
  public static final List<String> MESSAGE_TYPES = List.of("text", "json", "command", "alert");

  /** The event types the broker emits itself; any other type is a custom one. */
  public static final List<String> EVENT_TYPES =
      List.of(
          "peer_joined",
          "peer_left",
          "message_received",
          "state_changed",
          "file_locked",
          "file_unlocked",
          "message_expired");

  /**
   * The person at the mesh: the literal peer id the original's CLI sends as, used by every door a
   * person writes through (our CLI, the dashboard). A message to it waits in the person's inbox
   * ({@code slm-mesh inbox}); it is never an active peer and never gets a broadcast.
   */
  public static final String CLI_PEER = "cli";

  public static final String BROADCAST = "all";

  private WireText() {}
}
