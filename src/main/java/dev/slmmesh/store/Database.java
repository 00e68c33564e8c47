package dev.slmmesh.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The single JDBC connection of a store. JDBC connections are not thread-safe, so every call holds
 * one reentrant lock: a thread inside {@link #transaction} keeps the connection until the outermost
 * call returns, and nested calls join it (through a savepoint, so a failed inner call undoes only
 * its own writes). Prepared statements are cached by SQL text ({@link Statements}). Parameters may
 * be {@code String}, {@code Long}, {@code Integer}, {@code Boolean} (0/1), {@link Instant} (epoch
 * milliseconds), {@link TextList} or null; every {@link SQLException} leaves as a {@link
 * StoreException} naming the operation.
 */
final class Database implements SqlReads, SqlWrites, AutoCloseable {

  /** Work on the raw connection (migrations, pragmas), run under the lock. */
  interface ConnectionWork<T> {
    T apply(Connection connection) throws SQLException;
  }

  private interface SqlCall<T> {
    T call() throws SQLException;
  }

  private final Dialect dialect;

  /** The connection, replaced only after it was lost (Dialect.connectionLost), under the lock. */
  private final JdbcLink link;

  /** Most writes one group commit runs; the rest wait for the next one. */
  static final int MAX_BATCH = 64;

  private final ReentrantLock lock = new ReentrantLock();
  private final WriteQueue queue = new WriteQueue();

  /** Hooks of the open transaction, run in order once it commits (see {@link #afterCommit}). */
  private final CommitHooks commitHooks = new CommitHooks();

  private int depth;
  private volatile boolean closed;

  Database(Connection connection, Dialect dialect) {
    this(connection, () -> connection, dialect);
  }

  /**
   * A database on {@code first} that takes a new connection from {@code source} once it is lost.
   */
  Database(Connection first, JdbcLink.ConnectionSource source, Dialect dialect) {
    this.dialect = dialect;
    this.link = new JdbcLink(first, source, dialect);
  }

  Dialect dialect() {
    return dialect;
  }

  /**
   * Runs {@code work} in one transaction, or in a savepoint of the current one. Writers that come
   * at the same time share one transaction (group commit): while one thread commits, the others
   * queue, and the next one to get the connection runs every queued write, each in its own
   * savepoint, and commits them together. Each caller returns (or throws its own failure) only
   * after that commit. If the engine itself aborted the whole transaction (SQLite does on disk-full
   * or I/O errors), the failure still reaches every caller of the batch.
   */
  @Override
  public <T> T transaction(String operation, Supplier<T> work) {
    if (lock.isHeldByCurrentThread()) {
      return inline(operation, work);
    }
    return grouped(new PendingWrite<>(operation, work, true));
  }

  /** The transaction of a thread that holds the connection already (nested or in a batch). */
  private <T> T inline(String operation, Supplier<T> work) {
    lock.lock();
    try {
      checkOpen();
      reconnectIfLost();
      String savepoint = "sp" + depth;
      execute(operation, depth == 0 ? dialect.beginTransaction() : "SAVEPOINT " + savepoint);
      int hooksBefore = commitHooks.mark();
      depth++;
      T result;
      try {
        result = work.get();
        execute(operation, depth == 1 ? "COMMIT" : "RELEASE SAVEPOINT " + savepoint);
      } catch (RuntimeException | Error e) {
        link.undo(depth == 1 ? List.of("ROLLBACK") : JdbcLink.rollbackTo(savepoint), e);
        commitHooks.dropFrom(hooksBefore);
        throw e;
      } finally {
        depth--;
      }
      if (depth == 0) {
        commitHooks.run();
      }
      return result;
    } finally {
      release();
    }
  }

  /**
   * Queues a write that nobody waits for: it runs inside the next commit of any writer (in its own
   * savepoint), or at {@link #writeDeferred}. A failure is logged and the write dropped, so only
   * writes whose loss costs nothing lasting belong here, and every read that must see them calls
   * {@link #writeDeferred} first.
   */
  void defer(String operation, Runnable write) {
    queue.defer(PendingWrite.deferred(operation, write, true));
  }

  /**
   * Like {@link #defer}, for work whose statements may each succeed or fail alone (marks that are
   * idempotent): where the engine keeps a transaction going after a failed statement, it runs in a
   * batch without a savepoint of its own, two statements fewer per commit that carries it.
   */
  void deferStatements(String operation, Runnable write) {
    queue.defer(PendingWrite.deferred(operation, write, false));
  }

  /**
   * Runs the deferred writes now: in the caller's transaction if it holds one, else in a commit.
   */
  void writeDeferred() {
    if (!queue.hasDeferred()) {
      return;
    }
    if (lock.isHeldByCurrentThread()) {
      PendingWrite<?> w;
      while ((w = queue.pollDeferred()) != null) {
        runDeferredInline(w);
      }
      return;
    }
    grouped(new PendingWrite<>("deferred writes", () -> null, true));
  }

  private <T> void runDeferredInline(PendingWrite<T> w) {
    try {
      inline(w.operation, w.work);
    } catch (RuntimeException e) {
      w.logDropped(e);
    }
  }

  /** Writes waiting for the next group commit (for tests). */
  int queued() {
    return queue.waitingCount();
  }

  /** Deferred writes waiting for the next commit (for tests). */
  int deferred() {
    return queue.deferredCount();
  }

  /**
   * Queues {@code write} and waits until a group commit has run it. The thread that gets the
   * connection runs the batch; the others park and are woken one by one by that thread once their
   * write is committed, in parallel, so that the connection is free for the next batch at once
   * (waiting in the lock's queue instead would pass the lock along every finished writer in turn).
   * Whoever releases the connection wakes the oldest queued writer, so none waits unnoticed.
   */
  private <T> T grouped(PendingWrite<T> write) {
    queue.add(write);
    boolean interrupted = false;
    while (!write.done()) {
      if (lock.tryLock()) {
        List<PendingWrite<?>> batch = List.of();
        try {
          if (!write.done()) {
            batch = runBatch();
          }
        } finally {
          release();
        }
        for (PendingWrite<?> w : batch) {
          if (w != write && w.waiter != null) {
            LockSupport.unpark(w.waiter);
          }
        }
      } else {
        LockSupport.park(this);
        // like lock(): an interrupt does not end the wait; it is kept for the caller
        interrupted |= Thread.interrupted();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return write.get();
  }

  /** Unlocks; once the connection is free, wakes the oldest queued writer to run the next batch. */
  private void release() {
    lock.unlock();
    if (!lock.isHeldByCurrentThread()) {
      queue.wakeOldest();
    }
  }

  /**
   * Holding the lock: runs the queued writes (at least the caller's) as one commit and marks them
   * done once it has ended; returns them.
   */
  private List<PendingWrite<?>> runBatch() {
    List<PendingWrite<?>> batch = queue.takeBatch(MAX_BATCH);
    try {
      if (batch.size() == 1 && batch.get(0).waiter != null) {
        runAlone(batch.get(0));
      } else {
        runTogether(batch);
      }
    } finally {
      for (PendingWrite<?> w : batch) {
        w.complete();
        if (w.waiter == null && w.failed()) {
          w.logDropped(w.failure());
        }
      }
    }
    return batch;
  }

  private void runTogether(List<PendingWrite<?>> batch) {
    try {
      checkOpen();
      reconnectIfLost();
      execute("group commit", dialect.beginTransaction());
    } catch (RuntimeException | Error e) {
      batch.forEach(w -> w.fail(e));
      return;
    }
    depth++;
    try {
      for (PendingWrite<?> w : batch) {
        runInBatch(w);
      }
      execute("group commit", "COMMIT");
    } catch (RuntimeException | Error e) {
      link.undo(List.of("ROLLBACK"), e);
      commitHooks.dropFrom(0);
      batch.stream().filter(w -> !w.failed()).forEach(w -> w.fail(e));
      return;
    } finally {
      depth--;
    }
    commitHooks.run();
  }

  private <T> void runAlone(PendingWrite<T> w) {
    try {
      // a single statement is atomic by itself: no BEGIN/COMMIT round trips for it
      if (w.compound) {
        w.succeed(inline(w.operation, w.work));
      } else {
        w.succeed(w.work.get());
        commitHooks.run(); // the statement committed on its own
      }
    } catch (RuntimeException | Error e) {
      w.fail(e);
    }
  }

  /**
   * One write of a batch, in its own savepoint so that its failure undoes only its changes. A write
   * that is not compound needs none where a failed statement is undone alone (SQLite): the two
   * savepoint statements cost no I/O, but on the hot path their CPU showed (docs/performance.md).
   */
  private <T> void runInBatch(PendingWrite<T> w) {
    boolean savepoint = w.compound || !dialect.failedStatementKeepsTransaction();
    int hooksBefore = commitHooks.mark();
    if (savepoint) {
      execute(w.operation, "SAVEPOINT batch");
    }
    try {
      T result = w.work.get();
      if (savepoint) {
        execute(w.operation, "RELEASE SAVEPOINT batch");
      }
      w.succeed(result);
    } catch (RuntimeException e) {
      if (e instanceof StoreException && ((StoreException) e).abortsTransaction()) {
        throw e; // runTogether rolls back and fails every write of the batch with this cause
      }
      if (savepoint) {
        link.undo(JdbcLink.rollbackTo("batch"), e);
      }
      commitHooks.dropFrom(hooksBefore);
      w.fail(e);
    }
  }

  /**
   * Runs {@code hook} once the write that calls this is committed: at once if the calling thread
   * holds the connection outside a transaction (its statement committed on its own), else when the
   * outermost transaction or group commit commits. Hooks run in commit order, still holding the
   * connection, so they suit keeping an in-memory copy of committed rows in step; a hook of a write
   * that is rolled back (alone or with its batch) never runs. Hooks must be quick and must not
   * throw. Call it only from inside a write ({@link #transaction} work or right after an {@link
   * #update} made inside one); calling it without holding the connection is a bug.
   */
  @Override
  public void afterCommit(Runnable hook) {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("afterCommit outside a write");
    }
    if (depth == 0) {
      hook.run();
    } else {
      commitHooks.add(hook);
    }
  }

  @Override
  public <T> List<T> query(
      String operation, String sql, RowMapper<T> mapper, @Nullable Object... params) {
    return locked(
        operation,
        sql,
        () -> {
          PreparedStatement statement = link.statements().bound(sql, params);
          List<T> rows = new ArrayList<>();
          try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
              rows.add(mapper.map(row));
            }
          }
          return rows;
        });
  }

  @Override
  public <T> Optional<T> queryOne(
      String operation, String sql, RowMapper<T> mapper, @Nullable Object... params) {
    List<T> rows = query(operation, sql, mapper, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /**
   * Runs an INSERT, UPDATE or DELETE; returns the number of rows changed. Outside a transaction it
   * joins the group commit of concurrent writers.
   */
  @Override
  public int update(String operation, String sql, @Nullable Object... params) {
    Supplier<Integer> statement =
        () -> locked(operation, sql, () -> link.statements().bound(sql, params).executeUpdate());
    if (lock.isHeldByCurrentThread()) {
      return statement.get();
    }
    Integer changed = grouped(new PendingWrite<>(operation, statement, false));
    return changed == null ? 0 : changed;
  }

  /** Runs a statement that returns nothing (DDL, transaction control). */
  void execute(String operation, String sql) {
    locked(operation, sql, () -> link.statements().prepare(sql).execute());
  }

  <T> T withConnection(String operation, ConnectionWork<T> work) {
    return locked(operation, () -> work.apply(link.connection()));
  }

  /**
   * Like {@link #withConnection} for work that must not run inside a transaction (a WAL
   * checkpoint); throws IllegalStateException if the calling thread is inside one.
   */
  <T> T withIdleConnection(String operation, ConnectionWork<T> work) {
    return locked(
        operation,
        () -> {
          if (depth > 0) {
            throw new IllegalStateException(operation + " cannot run inside atomically()");
          }
          return work.apply(link.connection());
        });
  }

  private <T> T locked(String operation, SqlCall<T> call) {
    return locked(operation, null, call);
  }

  /** Runs {@code call} under the lock; a failure leaves as {@link JdbcLink#failure}. */
  private <T> T locked(String operation, @Nullable String sql, SqlCall<T> call) {
    lock.lock();
    try {
      checkOpen();
      reconnectIfLost();
      return call.call();
    } catch (SQLException e) {
      throw link.failure(operation, sql, e);
    } finally {
      release();
    }
  }

  /** Holding the lock: outside a transaction, replaces a lost connection first. */
  private void reconnectIfLost() {
    if (depth == 0) {
      link.reconnectIfLost();
    }
  }

  /** True if the calling thread is inside a transaction (its own or a group commit it runs). */
  @Override
  public boolean inTransaction() {
    return lock.isHeldByCurrentThread() && depth > 0;
  }

  @Override
  public void checkOpen() {
    if (closed) {
      throw new IllegalStateException("store is closed");
    }
  }

  /** Closes the cached statements and the connection; later calls throw IllegalStateException. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      link.close();
    } finally {
      release();
    }
  }
}
