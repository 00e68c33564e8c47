package dev.slmmesh.daemon;

import dev.slmmesh.config.DataDir;
import dev.slmmesh.config.SecureFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive-start guard: an OS lock on {@code broker.lock}, held for the broker's whole life
 * and released by the kernel if the process dies. Replaces the original's check-then-act PID test
 * (a defect of the original): no race between simultaneous starts, and a stale PID file whose
 * number was reused by another process neither blocks a start nor gets that process signalled.
 */
final class DataDirLock implements AutoCloseable {
  /**
   * Lock files this JVM holds. POSIX record locks belong to the process, and closing any other
   * descriptor of the same file drops them, so a second attempt from this JVM must never open one.
   */
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock or fails with the running broker's PID (as far as its PID file says). */
  static DataDirLock acquire(DataDir dir) throws IOException {
    Path path = dir.lock().toAbsolutePath().normalize();
    if (!HELD_HERE.add(path)) {
      throw alreadyRunning(dir);
    }
    try {
      SecureFiles.ensureFile(path);
      FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        throw alreadyRunning(dir);
      }
      return new DataDirLock(path, channel, lock);
    } catch (IOException | RuntimeException e) {
      HELD_HERE.remove(path);
      throw e;
    }
  }

  /**
   * Names the running broker's PID. A broker that won a simultaneous start writes its PID file just
   * after taking the lock, so a missing file is awaited briefly (at most one second).
   */
  private static AlreadyRunningException alreadyRunning(DataDir dir) {
    java.util.Optional<String> read = SecureFiles.read(dir.pid());
    for (int i = 0; i < 20 && read.map(String::isBlank).orElse(true); i++) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      read = SecureFiles.read(dir.pid());
    }
    String pid = read.map(String::trim).filter(s -> !s.isEmpty()).orElse("unknown");
    return new AlreadyRunningException("Broker already running (PID " + pid + ")");
  }

  /** Another broker holds this data directory: the one thing a second start has to say. */
  static final class AlreadyRunningException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    AlreadyRunningException(String message) {
      super(message);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
      HELD_HERE.remove(path);
    }
  }
}
