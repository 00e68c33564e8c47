package dev.slmmesh.bench;

import dev.slmmesh.bench.Results.Goal;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of four concurrent keep-alive clients, each a registered, listening peer, for a fixed
 * time per operation: {@code /send} (to the next client's peer, pushed and acknowledged), {@code
 * /heartbeat}, {@code /state} set and {@code /lock} lock+unlock pairs. A fresh broker per run. With
 * each rate, what one operation cost the broker: CPU and voluntary context switches.
 */
final class ThroughputPhase {
  static final int CLIENTS = 4;
  private static final String[] OPERATIONS = {"send", "heartbeat", "state", "lock", "health"};

  private ThroughputPhase() {}

  static void define(Results r) {
    r.define("send.rate", "/send, 4 clients", "/s", Goal.AT_LEAST, 11_000)
        .define("send.errors", "/send errors", "count", Goal.AT_MOST, 0)
        .define(
            "send.unpushed", "/send accepted but not pushed within 30 s", "count", Goal.AT_MOST, 0)
        .define("heartbeat.rate", "/heartbeat, 4 clients", "/s", Goal.AT_LEAST, 18_000)
        .define("heartbeat.errors", "/heartbeat errors", "count", Goal.AT_MOST, 0)
        .define("state.rate", "/state set, 4 clients", "/s", Goal.AT_LEAST, 10_000)
        .define("state.errors", "/state set errors", "count", Goal.AT_MOST, 0)
        .define("lock.rate", "/lock lock+unlock pairs, 4 clients", "/s", Goal.AT_LEAST, 9_000)
        .define("lock.errors", "/lock errors", "count", Goal.AT_MOST, 0)
        .define("health.rate", "GET /health, 4 clients (HTTP stack alone)", "/s")
        .define("health.errors", "GET /health errors", "count");
    for (String op : OPERATIONS) {
      String label =
          op.equals("lock") ? "/lock pair" : op.equals("health") ? "GET /health" : "/" + op;
      r.define(op + ".cpu", label + ": broker CPU per operation", "us")
          .define(op + ".switches", label + ": broker context switches per operation", "count");
    }
  }

  static void run(Options o, Results r) throws Exception {
    for (int run = 1; run <= o.runs(); run++) {
      try (BrokerProcess broker = BrokerProcess.start(o);
          Mesh mesh = Mesh.open(broker, CLIENTS)) {
        mesh.growTo(CLIENTS);
        measure(o, r, mesh, "send", send(mesh));
        measure(o, r, mesh, "heartbeat", heartbeat(mesh));
        measure(o, r, mesh, "state", state(mesh));
        measure(o, r, mesh, "lock", lock(mesh));
        measure(o, r, mesh, "health", (c, i, n) -> c.get("/health").status() == 200);
      }
    }
  }

  private static void measure(Options o, Results r, Mesh mesh, String name, Clients.Op op)
      throws Exception {
    BrokerProcess broker = mesh.broker();
    Clients.Outcome warm = Clients.forDuration(broker, CLIENTS, op, o.warmupSeconds());
    long before = mesh.host().messages();
    ProcessCost cost = ProcessCost.of(broker.pid());
    Clients.Outcome m = Clients.forDuration(broker, CLIENTS, op, o.seconds());
    ProcessCost after = ProcessCost.of(broker.pid());
    r.add(name + ".rate", m.rate());
    r.add(name + ".cpu", after.cpuMicrosPer(cost, m.ok() + m.errors()));
    r.add(name + ".switches", after.switchesPer(cost, m.ok() + m.errors()));
    r.add(name + ".errors", m.errors() + warm.errors());
    if ("send".equals(name)) {
      // every accepted message must reach its peer: at-least-once under load
      long expected = before + m.ok();
      mesh.awaitMessages(expected, TimeUnit.SECONDS.toMillis(30));
      r.add("send.unpushed", Math.max(0, expected - mesh.host().messages()));
    }
    System.out.printf(
        "  %-9s %8.0f /s, %d errors, broker %.0f us CPU and %.2f context switches per operation (load %s)%n",
        name,
        m.rate(),
        m.errors(),
        after.cpuMicrosPer(cost, m.ok() + m.errors()),
        after.switchesPer(cost, m.ok() + m.errors()),
        Machine.loadavg());
  }

  private static Clients.Op send(Mesh mesh) {
    return (c, i, n) ->
        c.post("/send", Mesh.sendBody(mesh.id(i), mesh.id((i + 1) % CLIENTS), "t" + i + "-" + n))
            .ok();
  }

  private static Clients.Op heartbeat(Mesh mesh) {
    return (c, i, n) -> c.post("/heartbeat", "{\"peerId\":\"" + mesh.id(i) + "\"}").ok();
  }

  private static Clients.Op state(Mesh mesh) {
    return (c, i, n) ->
        c.post(
                "/state",
                "{\"action\":\"set\",\"key\":\"k"
                    + i
                    + "-"
                    + (n % 64)
                    + "\",\"value\":\"v"
                    + n
                    + "\",\"peerId\":\""
                    + mesh.id(i)
                    + "\"}")
            .ok();
  }

  private static Clients.Op lock(Mesh mesh) {
    return (c, i, n) -> {
      String path =
          "\"filePath\":\"/tmp/slm-bench/file-" + i + "\",\"peerId\":\"" + mesh.id(i) + "\"";
      boolean locked = c.post("/lock", "{\"action\":\"lock\"," + path + "}").ok();
      boolean unlocked = c.post("/lock", "{\"action\":\"unlock\"," + path + "}").ok();
      return locked && unlocked;
    };
  }
}
