package dev.slmmesh.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options. Defaults are the documented benchmark; {@code --quick} is a short smoke run
 * for development whose figures are not comparable with the targets.
 *
 * @param runs how many times each measured phase is repeated (figures are medians over runs)
 * @param seconds measured seconds per throughput operation
 * @param warmupSeconds unmeasured seconds per throughput operation before measuring
 * @param startRuns spawns per start-up figure
 * @param scaleRuns runs per peer count in the scaling phase
 * @param scale peer counts of the scaling phase
 * @param phases which phases to run
 * @param launcher the {@code bin/slm-mesh} script that every process is started through
 * @param brokerJavaOptions extra JVM options for brokers only (profiling), {@code %n} numbered
 * @param out where the JSON result goes
 */
record Options(
    int runs,
    int seconds,
    int warmupSeconds,
    int startRuns,
    int scaleRuns,
    List<Integer> scale,
    List<String> phases,
    Path launcher,
    String brokerJavaOptions,
    Path out) {

  static final List<String> ALL_PHASES =
      List.of("latency", "throughput", "memory", "wal", "scale", "startup", "dashboard");

  /**
   * Phases run only when named: {@code hubs} needs a PostgreSQL database (SLM_MESH_BENCH_STORE).
   */
  static final List<String> NAMED_PHASES = List.of("hubs");

  static final String USAGE =
      "usage: bench/run [--quick] [--runs N] [--seconds S] [--start-runs N] [--scale 10,50,200,500]\n"
          + "                 [--scale-runs N] [--phases "
          + String.join(",", ALL_PHASES)
          + "]\n"
          + "                 [--phases hubs: two hubs on SLM_MESH_BENCH_STORE=postgresql://...]\n"
          + "                 [--launcher bin/slm-mesh] [--out bench/target/results.json]\n"
          + "                 [--broker-java-options '-XX:StartFlightRecording=filename=/tmp/b%n.jfr']";

  static Options parse(String[] args) {
    int runs = 5;
    int seconds = 10;
    int warmup = 2;
    int startRuns = 11;
    int scaleRuns = 3;
    List<Integer> scale = List.of(10, 50, 200, 500);
    List<String> phases = ALL_PHASES;
    Path launcher = Path.of("bin/slm-mesh");
    Path out = Path.of("bench/target/results.json");
    String brokerJava = "";
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick":
          runs = 1;
          seconds = 2;
          warmup = 1;
          startRuns = 3;
          scaleRuns = 1;
          scale = List.of(10, 50);
          break;
        case "--runs":
          runs = positive(a, value(args, ++i));
          break;
        case "--seconds":
          seconds = positive(a, value(args, ++i));
          break;
        case "--start-runs":
          startRuns = positive(a, value(args, ++i));
          break;
        case "--scale-runs":
          scaleRuns = positive(a, value(args, ++i));
          break;
        case "--scale":
          scale = numbers(value(args, ++i));
          break;
        case "--phases":
          phases = names(value(args, ++i));
          break;
        case "--launcher":
          launcher = Path.of(value(args, ++i));
          break;
        case "--out":
          out = Path.of(value(args, ++i));
          break;
        case "--broker-java-options":
          brokerJava = value(args, ++i);
          break;
        case "--help":
        case "-h":
          throw new IllegalArgumentException(USAGE);
        default:
          throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
      }
    }
    return new Options(
        runs,
        seconds,
        warmup,
        startRuns,
        scaleRuns,
        scale,
        phases,
        launcher.toAbsolutePath(),
        brokerJava,
        out.toAbsolutePath());
  }

  boolean has(String phase) {
    return phases.contains(phase);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  private static int positive(String option, String v) {
    int n = Integer.parseInt(v);
    if (n < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, got " + v);
    }
    return n;
  }

  private static List<Integer> numbers(String csv) {
    List<Integer> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      out.add(positive("--scale", s.trim()));
    }
    return out;
  }

  private static List<String> names(String csv) {
    List<String> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      if (!ALL_PHASES.contains(s.trim()) && !NAMED_PHASES.contains(s.trim())) {
        throw new IllegalArgumentException("unknown phase " + s + "\n" + USAGE);
      }
      out.add(s.trim());
    }
    return out;
  }
}
