package dev.slmmesh.bench;

import dev.slmmesh.bench.Results.Goal;

/**
 * Direct-message latency among 32 listening peers (2,000 sequential sends) and broadcast latency
 * among 50 (200 sends to {@code all}), each after an unmeasured warm-up of the same traffic, on a
 * fresh broker per run.
 */
final class LatencyPhase {
  static final int DIRECT_PEERS = 32;
  static final int DIRECT_SENDS = 2_000;
  static final int BROADCAST_PEERS = 50;
  static final int BROADCAST_SENDS = 200;

  private LatencyPhase() {}

  static void define(Results r) {
    r.define("direct.p50", "direct message push p50 (32 peers)", "us", Goal.AT_MOST, 150)
        .define("direct.p90", "direct message push p90", "us")
        .define("direct.p99", "direct message push p99", "us", Goal.AT_MOST, 1000)
        .define("direct.max", "direct message push max", "us")
        .define("direct.failures", "direct sends failed or not pushed", "count", Goal.AT_MOST, 0)
        .define(
            "broadcast.p50", "broadcast, last of 49 pushes p50 (50 peers)", "us", Goal.AT_MOST, 700)
        .define("broadcast.p99", "broadcast, last of 49 pushes p99", "us")
        .define("broadcast.failures", "broadcasts failed or not pushed", "count", Goal.AT_MOST, 0)
        .define("health.rtt.p50", "GET /health round trip p50 (HTTP floor)", "us");
  }

  static void run(Options o, Results r) throws Exception {
    for (int run = 1; run <= o.runs(); run++) {
      try (BrokerProcess broker = BrokerProcess.start(o);
          Mesh mesh = Mesh.open(broker, BROADCAST_PEERS)) {
        mesh.growTo(DIRECT_PEERS);
        Latency.health(mesh, DIRECT_SENDS);
        r.add("health.rtt.p50", Latency.micros(Latency.health(mesh, DIRECT_SENDS).at(50)));
        Latency.direct(mesh, DIRECT_PEERS, DIRECT_SENDS, "w");
        Latency.Samples d = Latency.direct(mesh, DIRECT_PEERS, DIRECT_SENDS, "d");
        r.add("direct.p50", Latency.micros(d.latency().at(50)));
        r.add("direct.p90", Latency.micros(d.latency().at(90)));
        r.add("direct.p99", Latency.micros(d.latency().at(99)));
        r.add("direct.max", Latency.micros(d.latency().max()));
        r.add("direct.failures", d.errors() + d.lost());
        mesh.growTo(BROADCAST_PEERS);
        Latency.broadcast(mesh, BROADCAST_SENDS / 2, "v");
        Latency.Samples b = Latency.broadcast(mesh, BROADCAST_SENDS, "b");
        r.add("broadcast.p50", Latency.micros(b.latency().at(50)));
        r.add("broadcast.p99", Latency.micros(b.latency().at(99)));
        r.add("broadcast.failures", b.errors() + b.lost());
        System.out.printf(
            "  latency run %d: direct p50 %.0f us p99 %.0f us; broadcast p50 %.0f us (load %s)%n",
            run,
            Latency.micros(d.latency().at(50)),
            Latency.micros(d.latency().at(99)),
            Latency.micros(b.latency().at(50)),
            Machine.loadavg());
      }
    }
  }
}
