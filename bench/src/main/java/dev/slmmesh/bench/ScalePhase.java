package dev.slmmesh.bench;

/**
 * How cost grows with the number of peers: for each count, direct latency (1,000 sends), broadcast
 * time to all others, and broker RSS once every peer is registered and has received messages.
 */
final class ScalePhase {
  static final int DIRECT_SENDS = 1_000;

  private ScalePhase() {}

  static void define(Options o, Results r) {
    for (int n : o.scale()) {
      r.define("scale." + n + ".direct.p50", "scale " + n + " peers: direct p50", "us")
          .define("scale." + n + ".direct.p99", "scale " + n + " peers: direct p99", "us")
          .define(
              "scale." + n + ".broadcast.p50", "scale " + n + " peers: broadcast to all p50", "us")
          .define(
              "scale." + n + ".broadcast.p99", "scale " + n + " peers: broadcast to all p99", "us")
          .define("scale." + n + ".rss", "scale " + n + " peers: broker RSS", "MiB");
    }
  }

  static int broadcasts(int peers) {
    return peers <= 50 ? 200 : peers <= 200 ? 100 : 50;
  }

  static void run(Options o, Results r) throws Exception {
    for (int peers : o.scale()) {
      for (int run = 1; run <= o.scaleRuns(); run++) {
        try (BrokerProcess broker = BrokerProcess.start(o);
            Mesh mesh = Mesh.open(broker, peers)) {
          mesh.growTo(peers);
          Latency.direct(mesh, peers, DIRECT_SENDS, "w");
          Latency.Samples d = Latency.direct(mesh, peers, DIRECT_SENDS, "d");
          Latency.broadcast(mesh, broadcasts(peers) / 4, "v");
          Latency.Samples b = Latency.broadcast(mesh, broadcasts(peers), "b");
          String k = "scale." + peers + ".";
          r.add(k + "direct.p50", Latency.micros(d.latency().at(50)));
          r.add(k + "direct.p99", Latency.micros(d.latency().at(99)));
          r.add(k + "broadcast.p50", Latency.micros(b.latency().at(50)));
          r.add(k + "broadcast.p99", Latency.micros(b.latency().at(99)));
          r.add(k + "rss", broker.rssMiB());
          if (d.errors() + d.lost() + b.errors() + b.lost() > 0) {
            r.note(
                peers
                    + " peers: "
                    + (d.errors() + b.errors())
                    + " failed sends, "
                    + (d.lost() + b.lost())
                    + " not pushed in time");
          }
          System.out.printf(
              "  %d peers run %d: direct p50 %.0f us, broadcast p50 %.0f us, RSS %.1f MiB (load %s)%n",
              peers,
              run,
              Latency.micros(d.latency().at(50)),
              Latency.micros(b.latency().at(50)),
              broker.rssMiB(),
              Machine.loadavg());
        }
      }
    }
  }
}
