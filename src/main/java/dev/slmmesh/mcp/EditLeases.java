package dev.slmmesh.mcp;

import dev.slmmesh.base.Threads;
import dev.slmmesh.client.MeshRefusedException;
import dev.slmmesh.config.SecureFiles;
import dev.slmmesh.wire.Lock;
import dev.slmmesh.wire.LockApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * Automatic edit leases ({@code SLM_MESH_AUTO_LOCK=on}, docs/locks.md): the session's edit hook, a
 * shell script, asks this server for a short lock on each file it is about to let the agent edit,
 * so two agents cannot both edit one file without either having asked. The hook writes {@code
 * leases/<hook pid>.req} in the session directory (lines {@code LEASE<TAB>new|renew<TAB>path}, then
 * a line {@code .}); this server takes or renews each lock at the broker, which decides between
 * agents, and answers in {@code <hook pid>.ans} (written by rename): empty when every lease was
 * granted, else one line per refused file in the lock mirror's format, from which the hook builds
 * its refusal. Leases go with the session: the broker drops a peer's locks when it unregisters or
 * times out. One named thread, woken by the directory's watch service.
 */
final class EditLeases implements AutoCloseable {
  static final String DIR = "leases";
  static final String SETTING = "SLM_MESH_AUTO_LOCK";
  static final int TTL_MINUTES = 5;
  static final String REASON = "editing (automatic lease)";

  /** A hook waits about 1.5 s; an answer nobody took is removed after this. */
  static final Duration STALE_ANSWER = Duration.ofSeconds(30);

  private final Path dir;
  private final Broker broker;
  private final WatchService watch;
  private final Thread thread;

  /**
   * The broker's {@code /lock} as this session: each call signs the request with the session's peer
   * id and credential (as {@link Session#exchange} does); a refusal throws {@code
   * MeshRefusedException}.
   */
  record Broker(
      Function<LockApi.Request, LockApi.Granted> lock,
      Function<LockApi.Request, LockApi.Locks> query) {}

  private EditLeases(Path dir, Broker broker, WatchService watch) {
    this.dir = dir;
    this.broker = broker;
    this.watch = watch;
    this.thread = Threads.daemon("mcp-leases", this::run);
  }

  /** Whether {@code SLM_MESH_AUTO_LOCK} asks for leases: on/true/1 or off/false/0 (default off). */
  static boolean enabled(Map<String, String> env) {
    String v = env.getOrDefault(SETTING, "off").trim().toLowerCase(Locale.ROOT);
    if (v.matches("on|true|1|yes")) {
      return true;
    }
    if (!v.matches("off|false|0|no|")) {
      Log.LOG.warn(
          "{}={} is neither on nor off; automatic edit leases stay off", SETTING, env.get(SETTING));
    }
    return false;
  }

  /** Starts answering the hooks of {@code sessionDir}; empty (and logged) when it cannot. */
  static Optional<EditLeases> start(Path sessionDir, Broker broker) {
    try {
      Path dir = SecureFiles.ensureDir(sessionDir.resolve(DIR));
      WatchService watch = dir.getFileSystem().newWatchService();
      dir.register(
          watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      EditLeases leases = new EditLeases(dir, broker, watch);
      leases.thread.start();
      return Optional.of(leases);
    } catch (IOException | RuntimeException e) {
      Log.LOG.warn(
          "Automatic edit leases are off: cannot watch {} ({})",
          sessionDir.resolve(DIR),
          e.toString());
      return Optional.empty();
    }
  }

  private void run() {
    try {
      while (true) {
        // the timeout catches what the watch service missed (an overflow, a polling implementation)
        var key = watch.poll(1, TimeUnit.SECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
        scan();
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // closed: the session ended
    }
  }

  /** Answers every complete request in the directory and drops answers nobody collected. */
  void scan() {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.endsWith(".req")) {
          answer(f, name.substring(0, name.length() - 4));
        } else if (name.endsWith(".ans") && stale(f)) {
          Files.deleteIfExists(f);
        }
      }
    } catch (IOException e) {
      Log.LOG.debug("Scanning {}: {}", dir, e.toString());
    }
  }

  private void answer(Path request, String id) throws IOException {
    if (!id.matches("[0-9]{1,10}")) {
      Files.deleteIfExists(request);
      return;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(request, StandardCharsets.UTF_8);
    } catch (NoSuchFileException gone) {
      return;
    }
    if (lines.isEmpty() || !lines.get(lines.size() - 1).equals(".")) {
      return; // still being written: its last write brings another event
    }
    Files.deleteIfExists(request);
    StringBuilder refused = new StringBuilder();
    for (String line : lines.subList(0, lines.size() - 1)) {
      String[] f = line.split("\t", 3);
      if (f.length == 3 && f[0].equals("LEASE") && f[2].startsWith("/")) {
        refused.append(lease(f[2], f[1].equals("renew")));
      }
    }
    SecureFiles.writeAtomically(dir.resolve(id + ".ans"), refused.toString());
  }

  /**
   * Takes (or renews) the lease; "" when granted or undecidable, else the holder as a mirror line.
   */
  String lease(String path, boolean renew) {
    try {
      // a renewal keeps the reason the lock was taken with
      broker
          .lock()
          .apply(
              new LockApi.Request(
                  LockApi.LOCK, path, null, null, renew ? null : REASON, (double) TTL_MINUTES));
      return "";
    } catch (MeshRefusedException e) {
      return holderOrNone(path, e.getMessage());
    } catch (RuntimeException e) {
      Log.LOG.debug("Lease on {} not taken: {}", path, e.toString());
      return "";
    }
  }

  private String holderOrNone(String path, String refusal) {
    try {
      return holder(path, refusal);
    } catch (RuntimeException e) {
      Log.LOG.debug("Lease on {} refused, holder unknown: {}", path, e.toString());
      return "";
    }
  }

  /** The lock that refused the lease, in the mirror's format; "" when it is gone meanwhile. */
  private String holder(String path, String refusal) {
    List<Lock> locks = broker.query().apply(LockApi.Request.query(path, null)).locks();
    if (locks == null || locks.isEmpty()) {
      return "";
    }
    Lock lock = locks.get(0);
    if (lock.expiresAt() == null) {
      return "";
    }
    String holder = lock.lockedBy() == null ? "" : lock.lockedBy();
    String reason = lock.reason() == null ? "" : lock.reason();
    return path
        + "\t"
        + field(holder)
        + "\t"
        + lock.expiresAt().toEpochMilli()
        + "\t"
        + field(holderName(refusal, holder))
        + "\t"
        + field(reason)
        + "\n";
  }

  /** The name in the broker's "File locked by NAME, reason: ... Expires in N minutes." */
  static String holderName(String refusal, String fallback) {
    String prefix = "File locked by ";
    if (!refusal.startsWith(prefix)) {
      return fallback;
    }
    String rest = refusal.substring(prefix.length());
    int end = rest.indexOf(", reason: ");
    if (end < 0) {
      end = rest.lastIndexOf(". Expires in ");
    }
    return end <= 0 ? fallback : rest.substring(0, end);
  }

  private static String field(String text) {
    return text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }

  private static boolean stale(Path f) {
    try {
      return Files.getLastModifiedTime(f).toInstant().isBefore(Instant.now().minus(STALE_ANSWER));
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops answering; the session directory (leases/ with it) is removed by its owner. */
  @Override
  public void close() {
    try {
      watch.close();
    } catch (IOException e) {
      Log.LOG.debug("Closing the lease watch: {}", e.toString());
    }
    thread.interrupt();
  }

  /** Created on first use, once logging is set up ({@link McpLogs}). */
  private static final class Log {
    static final Logger LOG = McpLogs.logger(EditLeases.class);
  }
}
