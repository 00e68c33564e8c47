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
      List.of("claude-code", "cursor", "aider", "codex", "windsurf", "vscode", "gemini-cli", "unknown");
  public static final List<String> MESSAGE_TYPES = List.of("text", "json", "command", "alert");

  /** The literal peer id the original's CLI sends as; accepted as a sender, never as a target. */
  public static final String CLI_PEER = "cli";
  public static final String BROADCAST = "all";
  /**
   * Ours: the sender id of the person at the dashboard (docs/dashboard.md). Not a peer: never
   * registered, refused as a sender on {@code /send}, and a target agents may answer.
   */
  public static final String HUMAN = "human";

  private WireText() {}
}
