package dev.slmmesh.mcp;

import dev.slmmesh.config.DataDir;
import dev.slmmesh.config.SecureFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Works out what the session registers with, off the handshake's critical path: agent type and
 * channel flags (process ancestry), git root and branch, and the push socket, which it opens at
 * {@code <data>/peers/<random uuid>.sock} (or the short fallback for long paths). Owns the listener
 * and closes it.
 */
final class SessionProbe implements Supplier<Profile>, AutoCloseable {

  private final AgentDetector detector;
  private final DataDir files;
  private final Path cwd;
  private final @Nullable String name;
  private final Delivery delivery;
  private final PushListener.Handler handler;
  private volatile @Nullable PushListener listener;
  private volatile boolean closed;

  SessionProbe(
      AgentDetector detector,
      DataDir files,
      Path cwd,
      @Nullable String name,
      Delivery delivery,
      PushListener.Handler handler) {
    this.detector = detector;
    this.files = files;
    this.cwd = cwd;
    this.name = name;
    this.delivery = delivery;
    this.handler = handler;
  }

  @Override
  public Profile get() {
    long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L);
    AgentDetector.Detection found = detector.detect(parent);
    delivery.channelsDetected(found.channelsEnabled());
    GitInfo git = GitInfo.locate(cwd);
    PushListener push = openListener();
    Log.LOG.info(
        "Detected agent: {}; git root {}, branch {}; push socket {}",
        found.agentType(),
        git.root(),
        git.branch(),
        push == null ? "none" : push.path());
    return new Profile(
        ProcessHandle.current().pid(),
        cwd.toString(),
        git.root(),
        git.branch(),
        found.agentType(),
        push == null ? null : push.path().toString(),
        name);
  }

  @Nullable PushListener listener() {
    return listener;
  }

  private synchronized @Nullable PushListener openListener() {
    if (listener != null || closed) {
      return listener;
    }
    Path path =
        files.socketFor(
            UUID.randomUUID() + ".sock",
            Path.of(System.getProperty("java.io.tmpdir")),
            SecureFiles.uid());
    try {
      Path dir = path.getParent();
      if (dir != null) {
        SecureFiles.ensureDir(dir);
      }
      listener = PushListener.open(path, handler);
    } catch (IOException | RuntimeException e) {
      Log.LOG.error(
          "Cannot open the push socket {}; messages arrive only through mesh_inbox", path, e);
    }
    return listener;
  }

  @Override
  public synchronized void close() {
    closed = true;
    PushListener open = listener;
    if (open != null) {
      open.close();
    }
  }

  /** Created on first use, once logging is set up ({@link McpLogs}). */
  private static final class Log {
    static final Logger LOG = McpLogs.logger(SessionProbe.class);
  }
}
