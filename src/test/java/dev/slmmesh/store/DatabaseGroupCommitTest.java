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
    db.withConnection(
        "create", c -> c.createStatement().execute("CREATE TABLE t (x INTEGER UNIQUE)"));
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
    return CompletableFuture.supplyAsync(
        () -> db.update("insert", "INSERT INTO t (x) VALUES (?)", x), threads);
  }

  /**
   * A transaction that inserts {@code x}, counts {@code inserted} down, then waits for {@code
   * release}.
   */
  private Object insertThenWait(long x, CountDownLatch inserted, CountDownLatch release) {
    return db.transaction(
        "insert then wait",
        () -> {
          db.update("insert", "INSERT INTO t (x) VALUES (?)", x);
          inserted.countDown();
          awaitQuietly(release);
          return null;
        });
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Holds the connection in a transaction until released, so that writers queue up behind it. */
  private CompletableFuture<Void> holdConnection(CountDownLatch release) {
    CountDownLatch holding = new CountDownLatch(1);
    CompletableFuture<Void> holder =
        CompletableFuture.runAsync(() -> insertThenWait(0L, holding, release), threads);
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
    assertThat(duplicate)
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableThat()
        .havingRootCause()
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
    assertThat(failing)
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableThat()
        .havingRootCause()
        .isInstanceOf(IllegalStateException.class)
        .withMessage("refused");
    assertThat(rows()).containsExactly(0L, 1L, 2L);
  }

  @Test
  void aLoneWriteAndANestedTransactionStillWork() {
    assertThat(db.update("insert", "INSERT INTO t (x) VALUES (?)", 7L)).isEqualTo(1);
    db.transaction(
        "outer",
        () ->
            db.transaction("inner", () -> db.update("insert", "INSERT INTO t (x) VALUES (?)", 8L)));
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

  @Test
  void aWriterHearsOfItsWriteOnlyOnceTheBatchHasCommitted() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> holder = holdConnection(release);
    Thread[] firstThread = new Thread[1];
    CountDownLatch firstQueued = new CountDownLatch(1);
    CompletableFuture<Integer> first =
        CompletableFuture.supplyAsync(
            () -> {
              firstThread[0] = Thread.currentThread();
              firstQueued.countDown();
              return db.update("insert", "INSERT INTO t (x) VALUES (?)", 1L);
            },
            threads);
    assertThat(firstQueued.await(5, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> db.queued() == 1);
    CountDownLatch secondRunning = new CountDownLatch(1);
    CountDownLatch finishSecond = new CountDownLatch(1);
    CompletableFuture<Object> second =
        CompletableFuture.supplyAsync(
            () -> insertThenWait(2L, secondRunning, finishSecond), threads);
    await().atMost(Duration.ofSeconds(5)).until(() -> db.queued() == 2);
    release.countDown();
    holder.join();
    // the batch (first, then second) has run the first write and waits inside the second
    assertThat(secondRunning.await(5, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 20; i++) {
      java.util.concurrent.locks.LockSupport.unpark(
          firstThread[0]); // a wake-up that is not the commit
      Thread.sleep(5);
    }
    assertThat(first).isNotDone();
    finishSecond.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(1);
    second.get(5, TimeUnit.SECONDS);
    assertThat(rows()).containsExactly(0L, 1L, 2L);
  }

  @Test
  void writersQueuedBehindAReaderRunOnceItReleasesTheConnection() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch finishReading = new CountDownLatch(1);
    CompletableFuture<Object> reader =
        CompletableFuture.supplyAsync(
            () ->
                db.withConnection(
                    "long read",
                    c -> {
                      reading.countDown();
                      awaitQuietly(finishReading);
                      return null;
                    }),
            threads);
    assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Integer> one = insertLater(1);
    CompletableFuture<Integer> two = insertLater(2);
    await().atMost(Duration.ofSeconds(5)).until(() -> db.queued() == 2);
    finishReading.countDown();
    reader.get(5, TimeUnit.SECONDS);
    assertThat(one.get(5, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(two.get(5, TimeUnit.SECONDS)).isEqualTo(1);
  }

  @Test
  void manyWritersAndReadersAtOnceAllFinishAndEveryWriteIsStored() throws Exception {
    int writers = 6;
    int each = 300;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    try {
      List<CompletableFuture<Void>> all = new java.util.ArrayList<>();
      for (int w = 0; w < writers; w++) {
        long base = (w + 1) * 10_000L;
        all.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; i < each; i++) {
                    long x = base + i;
                    if (i % 3 == 0) {
                      db.transaction(
                          "in a transaction",
                          () -> db.update("insert", "INSERT INTO t (x) VALUES (?)", x));
                    } else {
                      db.update("insert", "INSERT INTO t (x) VALUES (?)", x);
                    }
                  }
                },
                pool));
      }
      all.add(
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < 200; i++) {
                  rows();
                }
              },
              pool));
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(rows()).hasSize(writers * each);
  }

  @Test
  void aDeferredWriteWaitsForTheNextCommitAndItsFailureHarmsNoOtherWrite() {
    db.defer("deferred insert", () -> db.update("insert", "INSERT INTO t (x) VALUES (?)", 5L));
    db.defer("deferred duplicate", () -> db.update("insert", "INSERT INTO t (x) VALUES (?)", 5L));
    assertThat(db.query("rows", "SELECT x FROM t", r -> r.getLong(1)))
        .isEmpty(); // a plain query does not write it

    assertThat(db.update("insert", "INSERT INTO t (x) VALUES (?)", 1L)).isEqualTo(1);
    assertThat(rows())
        .containsExactly(1L, 5L); // rode with that commit; the duplicate was dropped alone

    db.defer("deferred insert", () -> db.update("insert", "INSERT INTO t (x) VALUES (?)", 7L));
    db.writeDeferred();
    assertThat(rows()).containsExactly(1L, 5L, 7L);
    db.writeDeferred(); // nothing left: no write at all
    assertThat(rows()).containsExactly(1L, 5L, 7L);
  }

  @Test
  void independentStatementsRunWithoutASavepointAndOnlyTheFailingOneIsUndone() {
    db.deferStatements(
        "independent",
        () -> {
          db.update("insert", "INSERT INTO t (x) VALUES (?)", 8L);
          db.update("insert", "INSERT INTO t (x) VALUES (?)", 8L); // fails: x is unique
        });
    db.defer(
        "together",
        () -> {
          db.update("insert", "INSERT INTO t (x) VALUES (?)", 9L);
          db.update(
              "insert", "INSERT INTO t (x) VALUES (?)", 9L); // fails, and undoes the 9 before it
        });
    assertThat(db.update("insert", "INSERT INTO t (x) VALUES (?)", 1L)).isEqualTo(1);
    assertThat(rows()).containsExactly(1L, 8L);
  }

  @Test
  void aDeferredWriteRunsInsideTheTransactionThatAsksForIt() {
    assertThatThrownBy(
            () ->
                db.transaction(
                    "rolled back",
                    () -> {
                      db.defer(
                          "deferred insert",
                          () -> db.update("insert", "INSERT INTO t (x) VALUES (?)", 5L));
                      db.writeDeferred();
                      assertThat(rows()).containsExactly(5L);
                      throw new IllegalStateException("undo");
                    }))
        .hasMessage("undo");
    assertThat(rows()).isEmpty(); // undone with the transaction it joined
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
