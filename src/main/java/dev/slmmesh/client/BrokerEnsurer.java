package dev.slmmesh.client;

import dev.slmmesh.config.SecureFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a broker answers {@code /health}, starting one when none does (as in the original).
 * Safe when many sessions start at once: spawning is serialized by an OS lock on {@code
 * <data>/spawn.lock}, so normally one broker is started; should several be started anyway, the
 * broker's own data-dir lock makes the extras exit, and every caller just polls the port and token
 * files and {@code /health} until one answers, bounded by {@code wait}.
 */
public final class BrokerEnsurer {
  /** Created on first use, so that a CLI command that logs nothing never sets up logging. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(BrokerEnsurer.class);
  }

  private static final long POLL_MILLIS = 100;

  private final BrokerClient client;
  private final BrokerLauncher launcher;
  private final Path dataDir;
  private final Duration wait;

  public BrokerEnsurer(BrokerClient client, BrokerLauncher launcher, Path dataDir, Duration wait) {
    this.client = client;
    this.launcher = launcher;
    this.dataDir = dataDir;
    this.wait = wait;
  }

  /**
   * Returns the port of a healthy broker, starting one if needed.
   *
   * @throws BrokerUnavailableException when none answers within the wait
   * @throws IllegalStateException when interrupted (the interrupt flag is kept)
   */
  public int ensure() {
    if (client.healthy()) {
      return client.address().port();
    }
    if (client.viaHub()) {
      // client role: the hub runs on another machine; nothing to start here
      throw BrokerUnavailableException.other(
          "the hub does not answer (not running, or not reachable from here)");
    }
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      SecureFiles.ensureDir(dataDir);
      try (FileChannel spawnLock =
          FileChannel.open(
              dataDir.resolve("spawn.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        return awaitOrSpawn(spawnLock, deadline);
      }
    } catch (IOException e) {
      throw BrokerUnavailableException.other(
          "cannot start a broker in " + dataDir + ": " + e.getMessage());
    }
  }

  private int awaitOrSpawn(FileChannel spawnLock, long deadline) throws IOException {
    Process child = null;
    while (System.nanoTime() < deadline) {
      if (client.healthy()) {
        return client.address().port();
      }
      FileLock lock = tryLock(spawnLock);
      if (lock != null) {
        try (lock) {
          if (client.healthy()) {
            return client.address().port();
          }
          // the caller tells a person (CLI note, MCP log) in its own words; the details are debug
          Log.LOG.debug("No broker runs for {}; starting one: {}", dataDir, launcher.command());
          child = launcher.launch();
          return pollHealth(deadline, child);
        }
      }
      sleep();
    }
    throw notStarted(child);
  }

  private int pollHealth(long deadline, Process child) {
    while (System.nanoTime() < deadline) {
      if (client.healthy()) {
        Log.LOG.debug("Broker started on port {}", client.address().port());
        return client.address().port();
      }
      sleep();
    }
    throw notStarted(child);
  }

  private @Nullable FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      // another thread of this process holds it and is starting the broker: poll meanwhile
      return null;
    }
  }

  private BrokerUnavailableException notStarted(@Nullable Process child) {
    String childState =
        child == null
            ? ""
            : child.isAlive()
                ? " (the started broker is still running)"
                : " (the started broker exited with code " + child.exitValue() + ")";
    return BrokerUnavailableException.other(
        "no broker answered GET /health on port "
            + client.address().port()
            + " within "
            + wait.toSeconds()
            + " s"
            + childState
            + "; see "
            + dataDir.resolve("broker.log"));
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the broker", e);
    }
  }
}
