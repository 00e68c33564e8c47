package dev.slmmesh.bench;

import dev.slmmesh.bench.Results.Goal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Broker memory: idle (started, nothing connected, after a settling pause), with 50 listening peers
 * after 10,000 direct messages from 4 clients have all been pushed, and again once those peers have
 * closed their sockets and the clients their connections (does it come back?). Each as RSS, PSS
 * (shared pages divided among the processes that map them: the JVM's own archive and libjvm are
 * shared with every other JVM of the same Java) and private memory (what the broker's exit would
 * free). With {@code --broker-java-options -XX:NativeMemoryTracking=summary}, also prints the JVM's
 * native memory summary at each point (taken after the memory figures, through jcmd).
 */
final class MemoryPhase {
  static final int PEERS = 50;
  static final int MESSAGES = 10_000;
  static final long SETTLE_MILLIS = 3_000;

  private MemoryPhase() {}

  static void define(Results r) {
    r.define("rss.idle", "broker RSS idle", "MiB", Goal.AT_MOST, 48)
        .define("pss.idle", "broker PSS idle", "MiB")
        .define("private.idle", "broker private memory idle", "MiB")
        .define("rss.loaded", "broker RSS, 50 peers after 10k messages", "MiB", Goal.AT_MOST, 70)
        .define("pss.loaded", "broker PSS, 50 peers after 10k messages", "MiB")
        .define("private.loaded", "broker private memory, 50 peers after 10k messages", "MiB")
        .define("rss.after", "broker RSS once the 50 peers have gone", "MiB")
        .define(
            "rss.loaded.unpushed",
            "messages not pushed in the memory phase",
            "count",
            Goal.AT_MOST,
            0);
  }

  static void run(Options o, Results r) throws Exception {
    boolean nmt = o.brokerJavaOptions().contains("NativeMemoryTracking");
    for (int run = 1; run <= o.runs(); run++) {
      try (BrokerProcess broker = BrokerProcess.start(o)) {
        double idle;
        double loaded;
        try (Mesh mesh = Mesh.open(broker, PEERS)) {
          BrokerProcess.sleepMillis(SETTLE_MILLIS);
          idle = sample(broker, r, "idle", nmt);
          mesh.growTo(PEERS);
          Clients.Outcome sent = mesh.sendSpread(MESSAGES, "m");
          mesh.awaitMessages(sent.ok(), 60_000);
          BrokerProcess.sleepMillis(SETTLE_MILLIS);
          loaded = sample(broker, r, "loaded", nmt);
          r.add(
              "rss.loaded.unpushed",
              Math.max(0, sent.ok() - mesh.host().messages()) + sent.errors());
        }
        BrokerProcess.sleepMillis(SETTLE_MILLIS);
        double after = broker.rssMiB();
        r.add("rss.after", after);
        System.out.printf(
            "  memory run %d: idle %.1f MiB, loaded %.1f MiB, after %.1f MiB (load %s)%n",
            run, idle, loaded, after, Machine.loadavg());
      }
    }
  }

  /** Adds RSS, PSS and private memory under {@code point}; returns the RSS. */
  private static double sample(BrokerProcess broker, Results r, String point, boolean nmt)
      throws IOException, InterruptedException {
    double rss = broker.rssMiB();
    r.add("rss." + point, rss);
    r.add("pss." + point, broker.pssMiB());
    r.add("private." + point, broker.privateMiB());
    if (nmt) {
      System.out.printf("  native memory, %s:%n%s", point, nativeMemory(broker.pid()));
    }
    return rss;
  }

  /** The committed lines of {@code jcmd <pid> VM.native_memory summary}, by the broker's Java. */
  private static String nativeMemory(long pid) throws IOException, InterruptedException {
    Path java = Path.of("/proc", Long.toString(pid), "exe").toRealPath();
    Path jcmd = java.resolveSibling("jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.native_memory", "summary")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    StringBuilder lines = new StringBuilder();
    for (String line : out.split("\n")) {
      if (line.startsWith("Total") || line.startsWith("-")) {
        lines.append("    ").append(line.strip()).append('\n');
      }
    }
    return lines.toString();
  }
}
