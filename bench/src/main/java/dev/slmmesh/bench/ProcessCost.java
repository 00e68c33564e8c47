package dev.slmmesh.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time and voluntary context switches of all the threads of a process, summed from {@code
 * /proc/<pid>/task/<tid>/schedstat} (nanoseconds on a CPU) and {@code .../status}. The difference
 * of two readings over a phase, divided by its operations, is what one operation costs the broker:
 * steadier than a rate or a latency on a shared machine, because it does not count waiting. Threads
 * that end between the readings drop out of the sum (the broker's threads do not).
 */
record ProcessCost(long cpuNanos, long switches) {
  static ProcessCost of(long pid) throws IOException {
    long cpu = 0;
    long switches = 0;
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    List<Path> threads;
    try (Stream<Path> s = Files.list(tasks)) {
      threads = s.toList();
    }
    for (Path t : threads) {
      try {
        cpu += Long.parseLong(Files.readString(t.resolve("schedstat")).trim().split("\\s+")[0]);
        for (String line : Files.readAllLines(t.resolve("status"))) {
          if (line.startsWith("voluntary_ctxt_switches:")) {
            switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
          }
        }
      } catch (IOException | RuntimeException e) {
        // the thread ended while being read
      }
    }
    return new ProcessCost(cpu, switches);
  }

  /** Microseconds of CPU per operation since {@code before}. */
  double cpuMicrosPer(ProcessCost before, long operations) {
    return operations <= 0 ? 0 : (cpuNanos - before.cpuNanos) / 1000.0 / operations;
  }

  /** Voluntary context switches per operation since {@code before}. */
  double switchesPer(ProcessCost before, long operations) {
    return operations <= 0 ? 0 : (double) (switches - before.switches) / operations;
  }
}
