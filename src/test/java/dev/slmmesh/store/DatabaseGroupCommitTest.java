package dev.slmmesh.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DatabaseGroupCommitTest {
  private final SqliteStore store = SqliteStore.inMemory();
  private final Database db = store.database();
  private final ExecutorService threads = Executors.newFixedThreadPool(4);

  DatabaseGroupCommitTest() {
    db.withConnection("create", c -> c.createStatement().execute("CREATE TABLE t (x INTEGER UNIQUE)"));
  }

  @AfterEach
  void close() throws InterruptedException {
    threads.shutdownNow();
    threads.awaitTermination(5, TimeUnit.SECONDS);
    store.close();
  }

  private List<Long> rows() {
    return db.query("rows", "SELECT x FROM t ORDER BY x", r -> r.getLong(1));
  }

  private CompletableFuture<Integer> insertLater(long x) {
    return CompletableFuture.supplyAsync(() -> db.update("insert", "INSERT INTO t (x) VALUES (?)", x), threads);
  }

  /** Holds the connection in a transaction until released, so that writers queue up behind it. */
  private CompletableFuture<Void> holdConnection(CountDownLatch release) {
    CountDownLatch holding = new CountDownLatch(1);
    CompletableFuture<Void> holder =
        CompletableFuture.runAsync(
            () ->
                db.transaction(
                    "hold",
                    () -> {
                      db.update("insert", "INSERT INTO t (x) VALUES (?)", 0L);
                      holding.countDown();
                      try {
                        release.await(10, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return null;
                    }),
            threads);
    try {
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    return holder;
  }

  @Test
  void queuedWritersCommitTogetherAndAFailingOneFailsAlone() {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> holder = holdConnection(release);
    CompletableFuture<Integer> one = insertLater(1);
    CompletableFuture<Integer> duplicate = insertLater(0);
    CompletableFuture<Integer> two = insertLater(2);
    await().atMost(Duration.ofSeconds(5)).until(() -> db.queued() == 3);
    release.countDown();

    holder.join();
    assertThat(one.join()).isEqualTo(1);
    assertThat(two.join()).isEqualTo(1);
    assertThat(duplicate).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingRootCause()
        .withMessageContaining("UNIQUE");
    assertThat(rows()).containsExactly(0L, 1L, 2L);
  }

  @Test
  void aFailingTransactionInABatchUndoesOnlyItsOwnWrites() {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> holder = holdConnection(release);
    CompletableFuture<Integer> one = insertLater(1);
    CompletableFuture<Object> failing =
        CompletableFuture.supplyAsync(
            () ->
                db.transaction(
                    "failing",
                    () -> {
                      db.update("insert", "INSERT INTO t (x) VALUES (?)", 5L);
                      throw new IllegalStateException("refused");
                    }),
            threads);
    CompletableFuture<Integer> two = insertLater(2);
    await().atMost(Duration.ofSeconds(5)).until(() -> db.queued() == 3);
    release.countDown();

    holder.join();
    assertThat(one.join()).isEqualTo(1);
    assertThat(two.join()).isEqualTo(1);
    assertThat(failing).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingRootCause()
        .isInstanceOf(IllegalStateException.class).withMessage("refused");
    assertThat(rows()).containsExactly(0L, 1L, 2L);
  }

  @Test
  void aLoneWriteAndANestedTransactionStillWork() {
    assertThat(db.update("insert", "INSERT INTO t (x) VALUES (?)", 7L)).isEqualTo(1);
    db.transaction("outer", () -> db.transaction("inner", () -> db.update("insert", "INSERT INTO t (x) VALUES (?)", 8L)));
    assertThat(rows()).containsExactly(7L, 8L);
  }

  @Test
  void commitHooksRunAfterTheCommitInOrderAndNeverForUndoneWrites() {
    List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
    db.transaction(
        "outer",
        () -> {
          db.update("insert", "INSERT INTO t (x) VALUES (?)", 1L);
          db.afterCommit(() -> ran.add("one"));
          try {
            db.transaction(
                "inner",
                () -> {
                  db.afterCommit(() -> ran.add("undone"));
                  throw new IllegalStateException("inner fails");
                });
          } catch (IllegalStateException expected) {
            // only the inner savepoint is undone
          }
          db.afterCommit(() -> ran.add("two"));
          assertThat(ran).isEmpty(); // nothing before the commit
          return null;
        });
    assertThat(ran).containsExactly("one", "two");

    ran.clear();
    assertThatThrownBy(
            () ->
                db.transaction(
                    "rolled back",
                    () -> {
                      db.afterCommit(() -> ran.add("never"));
                      throw new IllegalStateException("outer fails");
                    }))
        .hasMessage("outer fails");
    assertThat(ran).isEmpty();
    assertThatThrownBy(() -> db.afterCommit(() -> ran.add("stray")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void commitHooksOfABatchRunOnceItCommitsExceptTheFailedWritesOnes() {
    List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> holder = holdConnection(release);
    CompletableFuture<Object> good = hookedInsertLater(1, "good", ran);
    CompletableFuture<Object> duplicate = hookedInsertLater(0, "duplicate", ran);
    CompletableFuture<Object> other = hookedInsertLater(2, "other", ran);
    await().atMost(Duration.ofSeconds(5)).until(() -> db.queued() == 3);
    release.countDown();

    holder.join();
    good.join();
    other.join();
    assertThat(duplicate).failsWithin(Duration.ofSeconds(5));
    assertThat(ran).containsExactlyInAnyOrder("good", "other");
  }

  private CompletableFuture<Object> hookedInsertLater(long x, String name, List<String> ran) {
    return CompletableFuture.supplyAsync(
        () ->
            db.transaction(
                "hooked insert",
                () -> {
                  db.update("insert", "INSERT INTO t (x) VALUES (?)", x);
                  db.afterCommit(() -> ran.add(name));
                  return null;
                }),
        threads);
  }
}
