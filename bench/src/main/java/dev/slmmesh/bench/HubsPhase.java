package dev.slmmesh.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Two hub brokers on one PostgreSQL database (docs/team.md, "Several hubs on one database"), each
 * with its own listening peers: direct-message latency with sender and recipient on the same hub
 * and on different hubs (the recipient's hub learns of the message by the database's {@code
 * NOTIFY}), {@code /send} throughput across hubs, and how {@code /send} throughput changes when the
 * same clients are spread over both hubs instead of one. Needs {@code SLM_MESH_BENCH_STORE}; a
 * fresh pair of brokers per run, on the same database (the peers of a run are unregistered at its
 * end).
 */
final class HubsPhase {
  static final int PEERS_PER_HUB = 16;
  static final int SENDS = 1_000;

  private HubsPhase() {}

  static void define(Results r) {
    r.define("hubs.same.p50", "2 hubs: direct push p50, same hub", "us")
        .define("hubs.same.p99", "2 hubs: direct push p99, same hub", "us")
        .define("hubs.same.reply.p50", "2 hubs: /send reply p50, same hub", "us")
        .define("hubs.cross.p50", "2 hubs: direct push p50, across hubs", "us")
        .define("hubs.cross.p99", "2 hubs: direct push p99, across hubs", "us")
        .define("hubs.cross.reply.p50", "2 hubs: /send reply p50, across hubs", "us")
        .define("hubs.latency.failures", "2 hubs: direct sends failed or not pushed", "count")
        .define("hubs.one4.rate", "2 hubs: /send, 4 clients on hub A, same hub", "/s")
        .define("hubs.cross4.rate", "2 hubs: /send, 4 clients on hub A to peers on B", "/s")
        .define("hubs.spread4.rate", "2 hubs: /send, 2+2 clients on A and B, same hub", "/s")
        .define("hubs.one8.rate", "2 hubs: /send, 8 clients on hub A, same hub", "/s")
        .define("hubs.spread8.rate", "2 hubs: /send, 4+4 clients on A and B, same hub", "/s")
        .define("hubs.send.errors", "2 hubs: /send errors", "count")
        .define("hubs.send.unpushed", "2 hubs: /send accepted but not pushed within 30 s", "count");
  }

  static void run(Options o, Results r) throws Exception {
    String store = System.getenv("SLM_MESH_BENCH_STORE");
    if (store == null || !store.startsWith("postgres")) {
      r.note("hubs: skipped, SLM_MESH_BENCH_STORE does not name a PostgreSQL database");
      return;
    }
    for (int run = 1; run <= o.runs(); run++) {
      try (BrokerProcess a = BrokerProcess.start(o);
          BrokerProcess b = BrokerProcess.start(o);
          Mesh onA = Mesh.open(a, PEERS_PER_HUB);
          Mesh onB = Mesh.open(b, PEERS_PER_HUB)) {
        try {
          onA.growTo(PEERS_PER_HUB);
          onB.growTo(PEERS_PER_HUB);
          latency(r, onA, onB, run);
          throughput(o, r, onA, onB);
        } finally {
          unregister(onA);
          unregister(onB);
        }
      }
    }
  }

  private static void latency(Results r, Mesh onA, Mesh onB, int run) throws IOException {
    Latency.direct(onA, onA, PEERS_PER_HUB, SENDS, "w");
    Latency.direct(onA, onB, PEERS_PER_HUB, SENDS, "x");
    Latency.Samples same = Latency.direct(onA, onA, PEERS_PER_HUB, SENDS, "s");
    Latency.Samples cross = Latency.direct(onA, onB, PEERS_PER_HUB, SENDS, "c");
    r.add("hubs.same.p50", Latency.micros(same.latency().at(50)));
    r.add("hubs.same.p99", Latency.micros(same.latency().at(99)));
    r.add("hubs.same.reply.p50", Latency.micros(same.reply().at(50)));
    r.add("hubs.cross.p50", Latency.micros(cross.latency().at(50)));
    r.add("hubs.cross.p99", Latency.micros(cross.latency().at(99)));
    r.add("hubs.cross.reply.p50", Latency.micros(cross.reply().at(50)));
    r.add("hubs.latency.failures", same.errors() + same.lost() + cross.errors() + cross.lost());
    System.out.printf(
        "  hubs run %d: direct p50 same hub %.0f us, across hubs %.0f us (reply %.0f us) (load %s)%n",
        run,
        Latency.micros(same.latency().at(50)),
        Latency.micros(cross.latency().at(50)),
        Latency.micros(cross.reply().at(50)),
        Machine.loadavg());
  }

  private static void throughput(Options o, Results r, Mesh onA, Mesh onB) throws Exception {
    // client i on hub A sends to the next client's peer on A
    Clients.Op one4 = (c, i, n) -> send(c, onA, i, onA, (i + 1) % 4, n);
    Clients.Op cross4 = (c, i, n) -> send(c, onA, i, onB, i, n);
    Clients.Op one8 = (c, i, n) -> send(c, onA, i, onA, (i + 1) % 8, n);
    long[] out = new long[2];
    measure(o, r, "hubs.one4.rate", onA, onB, i -> onA.broker(), 4, one4, out);
    measure(o, r, "hubs.cross4.rate", onA, onB, i -> onA.broker(), 4, cross4, out);
    measure(
        o,
        r,
        "hubs.spread4.rate",
        onA,
        onB,
        i -> half(onA, onB, i, 4).broker(),
        4,
        spread(onA, onB, 4),
        out);
    measure(o, r, "hubs.one8.rate", onA, onB, i -> onA.broker(), 8, one8, out);
    measure(
        o,
        r,
        "hubs.spread8.rate",
        onA,
        onB,
        i -> half(onA, onB, i, 8).broker(),
        8,
        spread(onA, onB, 8),
        out);
    r.add("hubs.send.errors", out[0]);
    r.add("hubs.send.unpushed", out[1]);
  }

  /** Clients {@code 0..n/2-1} on hub A, the others on B; each sends to a peer of its own hub. */
  private static Clients.Op spread(Mesh onA, Mesh onB, int clients) {
    int perHub = clients / 2;
    return (c, i, n) -> {
      Mesh hub = half(onA, onB, i, clients);
      return send(c, hub, i % perHub, hub, (i % perHub + 1) % perHub, n);
    };
  }

  private static Mesh half(Mesh onA, Mesh onB, int client, int clients) {
    return client < clients / 2 ? onA : onB;
  }

  private static boolean send(HttpConn c, Mesh fromMesh, int from, Mesh toMesh, int to, long n)
      throws IOException {
    return c.post("/send", Mesh.sendBody(fromMesh.id(from), toMesh.id(to), "h" + from + "-" + n))
        .ok();
  }

  /**
   * Warm-up, then the measured rate; adds errors to {@code out[0]} and unpushed messages to {@code
   * out[1]}.
   */
  private static void measure(
      Options o,
      Results r,
      String key,
      Mesh onA,
      Mesh onB,
      IntFunction<BrokerProcess> brokerOf,
      int clients,
      Clients.Op op,
      long[] out)
      throws Exception {
    Clients.Outcome warm = Clients.forDuration(brokerOf, clients, op, o.warmupSeconds());
    long before = received(onA, onB);
    Clients.Outcome m = Clients.forDuration(brokerOf, clients, op, o.seconds());
    r.add(key, m.rate());
    long expected = before + m.ok();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (received(onA, onB) < expected && System.nanoTime() < deadline) {
      BrokerProcess.sleepMillis(5);
    }
    out[0] += warm.errors() + m.errors();
    out[1] += Math.max(0, expected - received(onA, onB));
    System.out.printf(
        "  %-18s %8.0f /s, %d errors (load %s)%n", key, m.rate(), m.errors(), Machine.loadavg());
  }

  private static long received(Mesh onA, Mesh onB) {
    return onA.host().messages() + onB.host().messages();
  }

  /**
   * The database outlives the run: its peers leave, so the next run's hubs do not try to reach
   * them.
   */
  private static void unregister(Mesh mesh) {
    for (int i = 0; i < mesh.size(); i++) {
      try {
        mesh.http().post("/unregister", "{\"peerId\":\"" + mesh.id(i) + "\"}");
      } catch (IOException e) {
        return;
      }
    }
  }
}
