package dev.slmmesh.store;

import dev.slmmesh.wire.Lock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Advisory file locks, one holder per exact path; a lock is live while it has not expired. */
public interface LockStore {
  /**
   * Atomically: if {@code wanted.filePath()} has an unexpired lock held by someone else, refuse and
   * return it; if held (unexpired) by the same owner, renew it (new expiry; new reason unless the
   * wanted one is empty; the original lock time kept); otherwise (absent or expired) replace it
   * with {@code wanted}.
   */
  LockResult acquire(Lock wanted, Instant now);

  /** Deletes the lock on {@code filePath} if {@code owner} holds it (expired or not). */
  boolean release(String filePath, String owner);

  /** Unexpired locks, on one path or (path null) all, ordered by path. */
  List<Lock> active(@Nullable String filePath, Instant now);

  int deleteExpired(Instant now);

  /** Deletes every lock {@code owner} holds; returns their paths. */
  List<String> releaseAllOf(String owner);
}
