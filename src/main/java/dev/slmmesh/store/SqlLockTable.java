package dev.slmmesh.store;

import dev.slmmesh.store.LockResult.Outcome;
import dev.slmmesh.wire.Lock;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Advisory file locks, one holder per exact path. A lock is live while {@code expires_at > now}
 * (the same rule as {@link Lock#expiredAt}); owners may renew (a defect of the original).
 */
final class SqlLockTable implements LockStore {
  private final Database db;
  private final Sql sql;

  SqlLockTable(Database db, Sql sql) {
    this.db = db;
    this.sql = sql;
  }

  @Override
  public LockResult acquire(Lock wanted, Instant now) {
    return db.transaction(
        "acquireLock",
        () -> {
          String keyLock = db.dialect().keyLock();
          if (keyLock != null) { // brokers sharing the database decide one path at a time
            db.query("acquireLock", keyLock, row -> Boolean.TRUE, wanted.filePath());
          }
          Optional<Lock> held =
              db.queryOne("acquireLock", sql.findLock, SqlLockTable::map, wanted.filePath());
          if (held.isPresent() && !held.get().expiredAt(now)) {
            return holderDecides(held.get(), wanted);
          }
          db.update(
              "acquireLock",
              sql.putLock,
              wanted.filePath(),
              wanted.lockedBy(),
              wanted.lockedAt(),
              wanted.expiresAt(),
              wanted.reason());
          return new LockResult(Outcome.ACQUIRED, stored(wanted, wanted.lockedAt()));
        });
  }

  private LockResult holderDecides(Lock held, Lock wanted) {
    if (!held.lockedBy().equals(wanted.lockedBy())) {
      return new LockResult(Outcome.REFUSED, held);
    }
    // a renewal without a reason keeps the one the lock was taken with
    String reason = wanted.reason().isEmpty() ? held.reason() : wanted.reason();
    Lock renewed =
        new Lock(
            wanted.filePath(), wanted.lockedBy(), wanted.lockedAt(), wanted.expiresAt(), reason);
    db.update("acquireLock", sql.renewLock, renewed.expiresAt(), reason, renewed.filePath());
    return new LockResult(Outcome.RENEWED, stored(renewed, held.lockedAt()));
  }

  private static Lock stored(Lock lock, Instant lockedAt) {
    return new Lock(
        lock.filePath(),
        lock.lockedBy(),
        Millis.stored(lockedAt),
        Millis.stored(lock.expiresAt()),
        lock.reason());
  }

  @Override
  public boolean release(String filePath, String owner) {
    return db.update("releaseLock", sql.releaseLock, filePath, owner) > 0;
  }

  @Override
  public List<Lock> active(@Nullable String filePath, Instant now) {
    return db.query("activeLocks", sql.activeLocks, SqlLockTable::map, now, filePath, filePath);
  }

  @Override
  public int deleteExpired(Instant now) {
    return db.update("deleteExpiredLocks", sql.deleteExpiredLocks, now);
  }

  @Override
  public List<String> releaseAllOf(String owner) {
    return db.transaction(
        "releaseLocksOf",
        () -> {
          List<String> paths =
              db.query("releaseLocksOf", sql.lockPathsOf, row -> row.getString("file_path"), owner);
          if (!paths.isEmpty()) {
            db.update("releaseLocksOf", sql.deleteLocksOf, owner);
          }
          return paths;
        });
  }

  private static Lock map(ResultSet row) throws SQLException {
    return new Lock(
        row.getString("file_path"),
        row.getString("locked_by"),
        Millis.read(row, "locked_at"),
        Millis.read(row, "expires_at"),
        row.getString("reason"));
  }
}
