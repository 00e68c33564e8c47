package dev.slmmesh.broker;

import dev.slmmesh.base.Threads;
import dev.slmmesh.config.SecureFiles;
import dev.slmmesh.store.PeerRecord;
import dev.slmmesh.store.Store;
import dev.slmmesh.wire.Lock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live locks as a small text file in the data directory, for the edit hooks and the git
 * pre-commit guard, which are shell scripts and must not start a JVM or call the broker
 * (docs/locks.md). One line per lock, tab-separated: normalized path, holder peer id, expiry in
 * epoch milliseconds, holder name, reason. Readers compare the expiry with their own clock, so an
 * expired line never refuses anything.
 *
 * <p>A change only marks the mirror dirty; one writer thread rewrites the file from the store
 * (owner-only, by rename, so a reader sees a whole snapshot), so a burst of lock calls costs one
 * write and no route waits for the disk. A change after a quiet spell is written at once; changes
 * that keep coming are written at most every {@link #MIN_GAP_NANOS}: under a storm of lock calls
 * the writer rewrote the file back to back, its query and rename taking a share of the CPU and of
 * the store's connection that the lock routes needed (docs/performance.md, "Broadcast and write
 * throughput, second round"). The file is removed when the broker stops.
 */
public final class LockMirror implements AutoCloseable {
  static final String HEADER =
      "# slm-mesh locks v1: path, holder id, expires (epoch ms), holder name, reason\n";
  private static final Logger LOG = LoggerFactory.getLogger(LockMirror.class);

  private final Store store;
  private final Clock clock;
  private final @Nullable Path file;

  /** Least time between the starts of two rewrites (a hook sees a lock change this much later). */
  static final long MIN_GAP_NANOS = 10_000_000;

  private final Object signal = new Object();
  private boolean dirty;

  /** The writer waits for a change (not for the gap to pass): only then does a change wake it. */
  private boolean idle;

  private boolean closed;
  private @Nullable Thread writer;

  private LockMirror(Store store, Clock clock, @Nullable Path file) {
    this.store = store;
    this.clock = clock;
    this.file = file;
  }

  /** A mirror that writes nothing (brokers in tests, on an in-memory store). */
  public static LockMirror none(Store store, Clock clock) {
    return new LockMirror(store, clock, null);
  }

  /** Writes {@code file} now and after every change until {@link #close}. */
  public static LockMirror start(Store store, Clock clock, Path file) {
    LockMirror mirror = new LockMirror(store, clock, file);
    Thread t = Threads.daemon("lock-mirror", mirror::run);
    mirror.writer = t;
    mirror.dirty = true;
    t.start();
    return mirror;
  }

  /** Locks changed (taken, renewed, released): the file is rewritten soon. */
  void changed() {
    if (file == null) {
      return;
    }
    synchronized (signal) {
      dirty = true;
      if (idle) {
        signal.notifyAll(); // in the gap, the writer wakes by itself; waking it costs two switches
      }
    }
  }

  private void run() {
    long lastWrite = System.nanoTime() - MIN_GAP_NANOS;
    while (true) {
      synchronized (signal) {
        try {
          idle = true;
          while (!dirty && !closed) {
            signal.wait();
          }
          idle = false;
          long wait;
          while (!closed && (wait = lastWrite + MIN_GAP_NANOS - System.nanoTime()) > 0) {
            signal.wait(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        if (closed) {
          return;
        }
        dirty = false;
      }
      lastWrite = System.nanoTime();
      write();
    }
  }

  private void write() {
    Path target = file;
    if (target == null) {
      return;
    }
    try {
      List<Lock> locks = store.locks().active(null, clock.instant());
      SecureFiles.writeAtomically(target, render(locks, this::holderName));
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not write the lock mirror {}: {}", target, e.toString());
    }
  }

  private String holderName(String peerId) {
    return store.peers().find(peerId).map(PeerRecord::peer).map(p -> p.name()).orElse(peerId);
  }

  /**
   * The file's text. Keys that are not plain absolute paths (a hub's {@code repo:} and machine
   * keys) and paths holding a tab or line break are left out: no edit hook could match them.
   */
  static String render(List<Lock> locks, Function<String, String> names) {
    StringBuilder sb = new StringBuilder(HEADER);
    for (Lock lock : locks) {
      String path = lock.filePath();
      if (!path.startsWith("/")
          || path.indexOf('\t') >= 0
          || path.indexOf('\n') >= 0
          || path.indexOf('\r') >= 0) {
        continue;
      }
      sb.append(path)
          .append('\t')
          .append(field(lock.lockedBy()))
          .append('\t')
          .append(lock.expiresAt().toEpochMilli())
          .append('\t')
          .append(field(names.apply(lock.lockedBy())))
          .append('\t')
          .append(field(lock.reason()))
          .append('\n');
    }
    return sb.toString();
  }

  private static String field(String text) {
    return text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }

  /** Stops the writer and removes the file: with no broker, the hooks allow every edit. */
  @Override
  public void close() {
    synchronized (signal) {
      closed = true;
      signal.notifyAll();
    }
    Thread t = writer;
    if (t != null) {
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warn("Could not remove the lock mirror {}: {}", file, e.toString());
      }
    }
  }
}
