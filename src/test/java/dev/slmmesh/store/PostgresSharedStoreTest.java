package dev.slmmesh.store;

import static dev.slmmesh.store.StoreFixtures.T0;
import static dev.slmmesh.store.StoreFixtures.lock;
import static dev.slmmesh.store.StoreFixtures.message;
import static dev.slmmesh.store.StoreFixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.store.LockResult.Outcome;
import dev.slmmesh.testkit.MutableClock;
import dev.slmmesh.testkit.PostgresServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two stores on one PostgreSQL database, as two brokers sharing it use them. */
final class PostgresSharedStoreTest {
  private final PostgresServer server = PostgresServer.shared();
  private String db;
  private Store a;
  private Store b;

  @BeforeEach
  void open() throws Exception {
    db = server.createDatabase();
    // opened together: the migration runs once, under its advisory lock
    CompletableFuture<Store> first =
        CompletableFuture.supplyAsync(
            () -> PostgresStore.open(PostgresStoreTest.target(server, db)));
    CompletableFuture<Store> second =
        CompletableFuture.supplyAsync(
            () -> PostgresStore.open(PostgresStoreTest.target(server, db)));
    a = first.get(60, TimeUnit.SECONDS);
    b = second.get(60, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  @Test
  void eachSeesThePeersCredentialsAndHeartbeatsTheOtherWrote() {
    a.peers().insert(peer("p1"));
    a.peers().saveCredential("p1", "hash");
    assertThat(b.peers().find("p1")).isPresent();
    assertThat(b.peers().credentialHash("p1")).contains("hash");
    assertThat(b.peers().listActive(PeerQuery.ALL))
        .extracting(PeerRecord::id)
        .containsExactly("p1");

    assertThat(a.peers().touch("p1", T0.plusSeconds(40))).isTrue();
    assertThat(b.peers().markStale(T0.plusSeconds(30)))
        .isEmpty(); // the heartbeat reached the row at once
    b.peers().delete("p1");
    assertThat(a.peers().find("p1")).isEmpty();
    assertThat(a.peers().touch("p1", T0.plusSeconds(50))).isFalse();
  }

  @Test
  void aMessageStoredByOneIsPendingAndMarkedThroughTheOther() {
    a.messages().insert(List.of(message("m1", "x", "p1", T0), message("m2", "x", "p1", T0)));
    assertThat(b.messages().pendingFor("p1", 10))
        .extracting(m -> m.id())
        .containsExactly("m1", "m2");
    b.messages().markDelivered("p1", List.of("m1"));
    assertThat(a.messages().pendingFor("p1", 10)).extracting(m -> m.id()).containsExactly("m2");
  }

  @Test
  void oneLockHolderWhenBothStoresRaceForEachPath() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 30; round++) {
        String path = "/repo/f" + round;
        CyclicBarrier start = new CyclicBarrier(4);
        List<Future<LockResult>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          Store store = i % 2 == 0 ? a : b;
          String owner = "owner" + i;
          results.add(
              pool.submit(
                  () -> {
                    start.await(10, TimeUnit.SECONDS);
                    return store.locks().acquire(lock(path, owner, T0, Duration.ofMinutes(10)), T0);
                  }));
        }
        int acquired = 0;
        for (Future<LockResult> r : results) {
          acquired += r.get(30, TimeUnit.SECONDS).outcome() == Outcome.ACQUIRED ? 1 : 0;
        }
        assertThat(acquired).as("holders of " + path).isEqualTo(1);
        assertThat(a.locks().active(path, T0)).hasSize(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void housekeepingRunsOnOneStoreAtATime() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Boolean> first =
        CompletableFuture.supplyAsync(
            () ->
                a.housekeeping(
                    () -> {
                      inside.countDown();
                      try {
                        release.await(30, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }));
    assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
    boolean[] ran = {false};

    assertThat(b.housekeeping(() -> ran[0] = true)).isFalse();
    assertThat(ran[0]).isFalse();
    release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(b.housekeeping(() -> ran[0] = true)).isTrue();
    assertThat(ran[0]).isTrue();
  }

  @Test
  void keepsTimeByTheDatabaseServersClock() {
    Instant skewed = Instant.now().plus(Duration.ofHours(3));
    Clock local = Clock.offset(Clock.systemUTC(), Duration.ofHours(3));
    Clock agreed = a.clock(local);

    assertThat(agreed.instant())
        .isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(5));
    assertThat(skewed).isAfter(agreed.instant().plus(Duration.ofHours(2)));
    assertThat(SqliteStore.inMemory().clock(MutableClock.at("2026-01-01T00:00:00Z")).instant())
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
  }
}
