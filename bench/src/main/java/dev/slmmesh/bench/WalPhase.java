package dev.slmmesh.bench;

import dev.slmmesh.bench.Results.Goal;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Size of {@code mesh.db-wal} while 4 clients send 25,000 messages to 4 listening peers, sampled
 * every 5 ms (maximum) and once all messages were pushed and acknowledged (final).
 */
final class WalPhase {
  static final int MESSAGES = 25_000;
  static final int PEERS = 4;

  private WalPhase() {}

  static void define(Results r) {
    r.define("wal.final", "write-ahead log after 25k messages", "MiB", Goal.AT_MOST, 64)
        .define(
            "wal.max",
            "write-ahead log, largest seen during 25k messages",
            "MiB",
            Goal.AT_MOST,
            64);
  }

  static void run(Options o, Results r) throws Exception {
    for (int run = 1; run <= o.runs(); run++) {
      try (BrokerProcess broker = BrokerProcess.start(o);
          Mesh mesh = Mesh.open(broker, PEERS)) {
        mesh.growTo(PEERS);
        AtomicLong max = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler =
            new Thread(
                () -> {
                  while (sampling.get()) {
                    max.accumulateAndGet(broker.walBytes(), Math::max);
                    BrokerProcess.sleepMillis(5);
                  }
                },
                "bench-wal-sampler");
        sampler.setDaemon(true);
        sampler.start();
        Clients.Outcome sent =
            Clients.forCount(
                broker,
                4,
                (c, i, n) ->
                    c.post(
                            "/send",
                            Mesh.sendBody(
                                mesh.id(i), mesh.id((i + 1) % PEERS), "w" + n + Latency.FILLER))
                        .ok(),
                MESSAGES);
        mesh.awaitMessages(sent.ok(), 60_000);
        BrokerProcess.sleepMillis(200);
        sampling.set(false);
        sampler.join(1_000);
        long last = broker.walBytes();
        max.accumulateAndGet(last, Math::max);
        r.add("wal.final", last / 1048576.0);
        r.add("wal.max", max.get() / 1048576.0);
        System.out.printf(
            "  wal run %d: %d messages, final %.1f MiB, max %.1f MiB%n",
            run, sent.ok(), last / 1048576.0, max.get() / 1048576.0);
      }
    }
  }
}
