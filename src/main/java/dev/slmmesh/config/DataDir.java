package dev.slmmesh.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The files of one data directory (docs/wire.md, "Files in the data directory"). Pure path
 * arithmetic: creating and protecting them is the daemon's and the clients' job.
 */
public record DataDir(Path root) {

  /** Linux allows 107 bytes in sun_path; the original falls back above 103 for macOS. */
  public static final int MAX_SOCKET_PATH_BYTES = 103;

  public Path token() {
    return root.resolve("broker.token");
  }

  public Path pid() {
    return root.resolve("broker.pid");
  }

  public Path port() {
    return root.resolve("port");
  }

  /** Held with an OS file lock for the whole life of a broker: the exclusive-start guard. */
  public Path lock() {
    return root.resolve("broker.lock");
  }

  public Path database() {
    return root.resolve("mesh.db");
  }

  public Path log() {
    return root.resolve("broker.log");
  }

  /** Where MCP servers log (docs/mcp.md, "Logs"). */
  public Path mcpLog() {
    return root.resolve("mcp.log");
  }

  /**
   * The live locks for the edit hooks and the pre-commit guard, kept by the broker (LockMirror).
   */
  public Path lockMirror() {
    return root.resolve("locks.tsv");
  }

  public Path peers() {
    return root.resolve("peers");
  }

  /** One directory per agent session, named by the agent's pid (docs/hooks.md, "Session files"). */
  public Path sessions() {
    return root.resolve("sessions");
  }

  /** The hook scripts that {@code setup} installs and the clients run (docs/hooks.md). */
  public Path hooks() {
    return root.resolve("hooks");
  }

  /**
   * The original's fallback for socket paths longer than 103 bytes: {@code
   * <tmp>/slm-mesh-<uid>/peers}.
   */
  public static Path fallbackPeers(Path tmpDir, String uid) {
    return tmpDir.resolve("slm-mesh-" + uid).resolve("peers");
  }

  /**
   * Where a peer whose listener is named {@code fileName} puts its socket (docs/wire.md, "Push").
   */
  public Path socketFor(String fileName, Path tmpDir, String uid) {
    Path normal = peers().resolve(fileName);
    if (normal.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH_BYTES) {
      return normal;
    }
    return fallbackPeers(tmpDir, uid).resolve(fileName);
  }
}
