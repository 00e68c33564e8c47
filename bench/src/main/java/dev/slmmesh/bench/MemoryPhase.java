package dev.slmmesh.bench;

import dev.slmmesh.bench.Results.Goal;

/**
 * Broker resident memory: idle (started, nothing connected, after a settling pause), and with 50
 * listening peers after 10,000 direct messages from 4 clients have all been pushed.
 */
final class MemoryPhase {
  static final int PEERS = 50;
  static final int MESSAGES = 10_000;
  static final long SETTLE_MILLIS = 3_000;

  private MemoryPhase() {}

  static void define(Results r) {
    r.define("rss.idle", "broker RSS idle", "MiB", Goal.AT_MOST, 55)
        .define("rss.loaded", "broker RSS, 50 peers after 10k messages", "MiB", Goal.AT_MOST, 75)
        .define(
            "rss.loaded.unpushed",
            "messages not pushed in the memory phase",
            "count",
            Goal.AT_MOST,
            0);
  }

  static void run(Options o, Results r) throws Exception {
    for (int run = 1; run <= o.runs(); run++) {
      try (BrokerProcess broker = BrokerProcess.start(o);
          Mesh mesh = Mesh.open(broker, PEERS)) {
        BrokerProcess.sleepMillis(SETTLE_MILLIS);
        double idle = broker.rssMiB();
        mesh.growTo(PEERS);
        Clients.Outcome sent = mesh.sendSpread(MESSAGES, "m");
        mesh.awaitMessages(sent.ok(), 60_000);
        BrokerProcess.sleepMillis(SETTLE_MILLIS);
        double loaded = broker.rssMiB();
        r.add("rss.idle", idle);
        r.add("rss.loaded", loaded);
        r.add(
            "rss.loaded.unpushed", Math.max(0, sent.ok() - mesh.host().messages()) + sent.errors());
        System.out.printf(
            "  memory run %d: idle %.1f MiB, loaded %.1f MiB (load %s)%n",
            run, idle, loaded, Machine.loadavg());
      }
    }
  }
}
