package dev.slmmesh.mcp;

import dev.slmmesh.base.FileTrees;
import dev.slmmesh.config.SecureFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * This session's directory {@code <data>/sessions/<agent pid>/} (0700), through which the client's
 * hooks, small {@code sh} scripts, talk to this MCP server without a JVM or the network
 * (docs/hooks.md, "Session files"). The agent pid is this server's parent: the client, which also
 * starts the hooks, so a hook finds the directory among its own ancestors. The server writes {@code
 * server} (its pid, which marks the directory as taken) at once and {@code peer} (peer id, then
 * server pid) after every registration, both by rename; it removes the directory when it ends, and
 * sweeps those of agents or servers that are gone. Thread-safe.
 */
final class SessionDir implements AutoCloseable {
  static final String SERVER = "server";
  static final String PEER = "peer";
  static final String INBOX = "inbox";
  static final String CLAIMED = "claimed";
  static final String PRESENCE = "presence";
  static final String WAITER = "waiter";
  static final String WOKEN = "woken";

  private final Path dir;
  private final long serverPid;

  private SessionDir(Path dir, long serverPid) {
    this.dir = dir;
    this.serverPid = serverPid;
  }

  /**
   * Sweeps stale directories and takes {@code <sessions>/<agentPid>}; empty when another live MCP
   * server of the same agent holds it, or it cannot be created (then hooks see nothing of this
   * session, and the tools work as before).
   */
  static Optional<SessionDir> open(Path sessions, long agentPid, long serverPid) {
    try {
      SecureFiles.ensureDir(sessions);
      sweep(sessions);
      Path dir = sessions.resolve(Long.toString(agentPid));
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(SecureFiles.DIR));
      } catch (FileAlreadyExistsException e) {
        long holder = pidIn(dir.resolve(SERVER));
        if (holder != serverPid && alive(holder)) {
          Log.LOG.info(
              "{} belongs to MCP server {} of the same agent; hooks will not see this one",
              dir,
              holder);
          return Optional.empty();
        }
        FileTrees.delete(dir);
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(SecureFiles.DIR));
      }
      SessionDir session = new SessionDir(dir, serverPid);
      SecureFiles.ensureDir(dir.resolve(INBOX));
      SecureFiles.ensureDir(dir.resolve(CLAIMED));
      SecureFiles.writeAtomically(dir.resolve(SERVER), serverPid + "\n");
      return Optional.of(session);
    } catch (IOException | RuntimeException e) {
      Log.LOG.warn(
          "Cannot keep the session directory under {}: hooks will not see this session ({})",
          sessions,
          e.toString());
      return Optional.empty();
    }
  }

  Path path() {
    return dir;
  }

  Path resolve(String name) {
    return dir.resolve(name);
  }

  /** Records the peer this session registered as: first line the id, second this server's pid. */
  void writePeer(String peerId) {
    try {
      SecureFiles.writeAtomically(dir.resolve(PEER), peerId + "\n" + serverPid + "\n");
    } catch (IOException e) {
      Log.LOG.warn(
          "Could not write {}: hooks cannot find this session's peer ({})",
          dir.resolve(PEER),
          e.toString());
    }
  }

  /** Removes the directory if it is still this server's. */
  @Override
  public void close() {
    if (pidIn(dir.resolve(SERVER)) != serverPid) {
      return;
    }
    try {
      FileTrees.delete(dir);
    } catch (IOException | RuntimeException e) {
      Log.LOG.warn("Could not remove {}: {}", dir, e.toString());
    }
  }

  /** Removes the directories whose agent or MCP server is no longer running. */
  static void sweep(Path sessions) throws IOException {
    try (DirectoryStream<Path> all = Files.newDirectoryStream(sessions)) {
      for (Path d : all) {
        String name = d.getFileName().toString();
        if (!name.matches("[0-9]{1,10}")) {
          continue;
        }
        boolean agentAlive = alive(Long.parseLong(name));
        long server = pidIn(d.resolve(SERVER));
        if (!agentAlive || (server > 0 && !alive(server))) {
          try {
            FileTrees.delete(d);
          } catch (IOException | RuntimeException e) {
            Log.LOG.debug("Could not sweep {}: {}", d, e.toString());
          }
        }
      }
    }
  }

  static boolean alive(long pid) {
    return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** The first number in a small file, or 0. */
  static long pidIn(Path file) {
    return SecureFiles.read(file)
        .map(s -> s.split("\\s+")[0])
        .filter(s -> s.matches("[0-9]{1,10}"))
        .map(Long::parseLong)
        .orElse(0L);
  }

  /** Created on first use, once logging is set up ({@link McpLogs}). */
  private static final class Log {
    static final Logger LOG = McpLogs.logger(SessionDir.class);
  }
}
