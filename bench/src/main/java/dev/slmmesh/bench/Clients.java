package dev.slmmesh.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Concurrent keep-alive clients, each on its own thread and connection, running one operation for a
 * fixed time or a fixed count. A failed reply or an I/O error counts as an error (the connection is
 * then replaced); a client stops early after {@link #MAX_ERRORS} errors.
 */
final class Clients {
  static final int MAX_ERRORS = 1_000;

  /** One operation of client {@code client}; {@code n} counts its calls. Returns true if ok. */
  interface Op {
    boolean call(HttpConn c, int client, long n) throws IOException;
  }

  /** Completed operations, errors and the measured wall time. */
  record Outcome(long ok, long errors, double seconds) {
    double rate() {
      return ok / seconds;
    }
  }

  private Clients() {}

  static Outcome forDuration(BrokerProcess broker, int clients, Op op, double seconds)
      throws InterruptedException {
    return forDuration(client -> broker, clients, op, seconds);
  }

  /** As above, client {@code i} talking to broker {@code brokerOf.apply(i)}. */
  static Outcome forDuration(
      IntFunction<BrokerProcess> brokerOf, int clients, Op op, double seconds)
      throws InterruptedException {
    long nanos = (long) (seconds * 1e9);
    return run(brokerOf, clients, op, Long.MAX_VALUE, nanos);
  }

  static Outcome forCount(BrokerProcess broker, int clients, Op op, long total)
      throws InterruptedException {
    return run(client -> broker, clients, op, total / clients, TimeUnit.MINUTES.toNanos(5));
  }

  private static Outcome run(
      IntFunction<BrokerProcess> brokerOf, int clients, Op op, long perClient, long nanos)
      throws InterruptedException {
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    CountDownLatch ready = new CountDownLatch(clients);
    CountDownLatch go = new CountDownLatch(1);
    long[] start = new long[1];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      int client = i;
      Thread t =
          new Thread(
              () -> {
                ready.countDown();
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                loop(brokerOf.apply(client), client, op, perClient, start[0] + nanos, ok, errors);
              },
              "bench-client-" + i);
      threads.add(t);
      t.start();
    }
    ready.await();
    start[0] = System.nanoTime();
    go.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.NANOSECONDS.toMillis(nanos) + 60_000);
    }
    double seconds = (System.nanoTime() - start[0]) / 1e9;
    return new Outcome(ok.get(), errors.get(), seconds);
  }

  private static void loop(
      BrokerProcess broker,
      int client,
      Op op,
      long count,
      long deadline,
      AtomicLong ok,
      AtomicLong errors) {
    long myErrors = 0;
    HttpConn c = null;
    try {
      for (long n = 0;
          n < count && System.nanoTime() - deadline < 0 && myErrors < MAX_ERRORS;
          n++) {
        try {
          if (c == null) {
            c = broker.connect();
          }
          if (op.call(c, client, n)) {
            ok.incrementAndGet();
          } else {
            errors.incrementAndGet();
            myErrors++;
          }
        } catch (IOException e) {
          errors.incrementAndGet();
          myErrors++;
          close(c);
          c = null;
        }
      }
    } finally {
      close(c);
    }
  }

  private static void close(HttpConn c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        // the connection is being abandoned either way
      }
    }
  }
}
