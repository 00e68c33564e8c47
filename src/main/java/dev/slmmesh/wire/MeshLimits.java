package dev.slmmesh.wire;

/**
 * Limits that a person, a model and a program meet alike: the broker enforces them, and the MCP
 * tool schemas and the CLI's options state the same numbers (docs/conventions.md, "Limits").
 */
public final class MeshLimits {
  /** A lock lives for more than 0 and at most this many minutes (whole minutes in CLI and MCP). */
  public static final int LOCK_TTL_MAX_MINUTES = 1440;

  /** {@code limit} of an inbox or event read: 1 to this. */
  public static final int LIST_MAX = 1000;

  /** Message ids in one mark-read, receipts or acknowledgement request. */
  public static final int IDS_MAX = 1000;

  public static final int SUMMARY_MAX = 2500;
  public static final int PAYLOAD_MAX_BYTES = 65_536;
  public static final int KEY_MAX = 1024;
  public static final int NAMESPACE_MAX = 256;
  public static final int REASON_MAX = 1000;

  private MeshLimits() {}
}
