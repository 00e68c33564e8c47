package dev.slmmesh.store;

import static dev.slmmesh.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slmmesh.wire.Message;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, made by SQLite's own page limit ({@code PRAGMA max_page_count}, which fails a write
 * with SQLITE_FULL just as a full filesystem does): every write fails with {@link
 * StoreException.Kind#FULL} while it lasts, and once there is room again the very next writes
 * succeed, on the same connection, with nothing written before the fault lost. (The filesystem
 * version is {@code DiskFullIT}.)
 */
final class StoreFullTest {
  @TempDir Path dir;
  private SqliteStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void writesFailAsFullWhileTheDiskIsFullAndWorkAgainOnceItIsNot() {
    store = SqliteStore.open(dir.resolve("mesh.db"));
    List<String> stored = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      stored.add(insert("before-" + i));
    }
    long pages = pragma("PRAGMA page_count");
    setPageLimit(pages);

    int failures = 0;
    for (int i = 0; i < 50; i++) {
      String id = "during-" + i;
      StoreException e = catchThrowableOfType(() -> insertAtomically(id), StoreException.class);
      if (e == null) {
        stored.add(id);
      } else {
        assertThat(e.kind()).isEqualTo(StoreException.Kind.FULL);
        failures++;
      }
    }
    StoreException single =
        catchThrowableOfType(() -> insert("single-during"), StoreException.class);
    assertThat(single).isNotNull();
    assertThat(single.kind()).isEqualTo(StoreException.Kind.FULL);
    assertThat(failures).isGreaterThan(0);

    setPageLimit(1_000_000);
    for (int i = 0; i < 20; i++) {
      stored.add(insertAtomically("after-" + i));
      stored.add(insert("after-single-" + i));
    }
    assertThat(store.messages().pendingFor("p", 10_000))
        .extracting(Message::id)
        .containsExactlyElementsOf(stored);
  }

  @Test
  void concurrentWritersInOneGroupCommitAllRecover() throws Exception {
    store = SqliteStore.open(dir.resolve("mesh.db"));
    insert("seed");
    setPageLimit(pragma("PRAGMA page_count"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> writes = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        writes.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 25; i++) {
                    try {
                      insertAtomically("w" + thread + "-" + i);
                    } catch (StoreException e) {
                      assertThat(e.kind()).as(e.toString()).isEqualTo(StoreException.Kind.FULL);
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> w : writes) {
        w.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    setPageLimit(1_000_000);
    insertAtomically("after");
    assertThat(store.messages().pendingFor("p", 10_000))
        .extracting(Message::id)
        .contains("seed", "after");
  }

  private String insert(String id) {
    store.messages().insert(List.of(message(id)));
    return id;
  }

  private String insertAtomically(String id) {
    return store.atomically(
        tx -> {
          tx.messages().insert(List.of(message(id)));
          return id;
        });
  }

  private static Message message(String id) {
    return new Message(id, "a", "p", "text", "x".repeat(3000) + id, T0, null, false);
  }

  private long pragma(String sql) {
    return store
        .database()
        .withConnection(
            sql,
            c -> {
              try (var row = c.createStatement().executeQuery(sql)) {
                row.next();
                return row.getLong(1);
              }
            });
  }

  private void setPageLimit(long pages) {
    pragma("PRAGMA max_page_count=" + pages);
  }
}
