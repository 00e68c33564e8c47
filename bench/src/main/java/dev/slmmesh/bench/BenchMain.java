package dev.slmmesh.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SLM Mesh benchmark (docs/performance.md). Drives brokers started through {@code bin/slm-mesh}
 * purely over their wire protocol, prints a table of medians with the targets, and writes the same
 * as JSON with a description of the machine and its load.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (!Files.isExecutable(o.launcher())) {
      System.err.println("bench: launcher " + o.launcher() + " is not executable");
      System.exit(2);
    }
    Map<String, Object> machine = Machine.describe(o.launcher());
    System.out.println("SLM Mesh benchmark, " + Instant.now());
    machine.forEach((k, v) -> System.out.println("  " + k + ": " + v));
    if (Machine.load1() > 0.5 * Runtime.getRuntime().availableProcessors()) {
      System.out.println("  WARNING: the machine is busy; figures will be noisy");
    }
    // the first start after a build trains the broker's class-data-sharing archive: not measured
    machine.put("brokerJava", brokerJava(o));
    System.out.println("  brokerJava: " + machine.get("brokerJava"));
    Results r = new Results();
    define(o, r);
    Map<String, Object> loads = new LinkedHashMap<>();
    for (String phase : o.phases()) {
      System.out.println("phase " + phase + " (load " + Machine.loadavg() + ")");
      String before = Machine.loadavg();
      run(phase, o, r);
      loads.put(phase, before + " -> " + Machine.loadavg());
    }
    System.out.println();
    System.out.print(r.table());
    write(o, machine, loads, r);
  }

  private static void define(Options o, Results r) {
    LatencyPhase.define(r);
    ThroughputPhase.define(r);
    MemoryPhase.define(r);
    WalPhase.define(r);
    ScalePhase.define(o, r);
    StartupPhase.define(r);
    DashboardPhase.define(r);
    HubsPhase.define(r);
  }

  private static void run(String phase, Options o, Results r) throws Exception {
    switch (phase) {
      case "latency":
        LatencyPhase.run(o, r);
        break;
      case "throughput":
        ThroughputPhase.run(o, r);
        break;
      case "memory":
        MemoryPhase.run(o, r);
        break;
      case "wal":
        WalPhase.run(o, r);
        break;
      case "scale":
        ScalePhase.run(o, r);
        break;
      case "startup":
        StartupPhase.run(o, r);
        break;
      case "dashboard":
        DashboardPhase.run(o, r);
        break;
      case "hubs":
        HubsPhase.run(o, r);
        break;
      default:
        throw new IllegalArgumentException("unknown phase " + phase);
    }
  }

  private static String brokerJava(Options o) {
    try (BrokerProcess b = BrokerProcess.start(o)) {
      return Machine.javaOf(b.pid());
    } catch (IOException e) {
      return "unknown: " + e.getMessage();
    }
  }

  private static void write(
      Options o, Map<String, Object> machine, Map<String, Object> loads, Results r)
      throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("date", Instant.now().toString());
    json.put("command", "bench/run " + String.join(" ", argsOf(o)));
    json.put("machine", machine);
    json.put("load", loads);
    json.put("figures", r.toJson());
    json.put("notes", r.notes());
    Path parent = o.out().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(o.out(), Json.write(json));
    System.out.println("\nwritten to " + o.out());
  }

  private static List<String> argsOf(Options o) {
    return List.of(
        "--runs",
        Integer.toString(o.runs()),
        "--seconds",
        Integer.toString(o.seconds()),
        "--start-runs",
        Integer.toString(o.startRuns()),
        "--scale-runs",
        Integer.toString(o.scaleRuns()),
        "--scale",
        String.join(",", o.scale().stream().map(String::valueOf).toList()),
        "--phases",
        String.join(",", o.phases()));
  }
}
