package dev.slmmesh.bench;

import dev.slmmesh.bench.Results.Goal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Start-up through the real launcher: broker spawn until {@code /health} answers; MCP server spawn
 * until its {@code tools/list} reply, with a broker already running and with none (the server then
 * starts one itself, which is stopped afterwards by the PID in its data directory); and the wall
 * time of {@code slm-mesh status}.
 */
final class StartupPhase {
  private static final long REPLY_TIMEOUT_MILLIS = 15_000;
  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"slm-mesh-bench\","
          + "\"version\":\"0.1.0\"}}}\n";
  private static final String LIST =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
          + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n";

  private StartupPhase() {}

  static void define(Results r) {
    r.define("start.broker", "broker cold start (spawn until /health)", "ms", Goal.AT_MOST, 250)
        .define(
            "start.mcp.running",
            "MCP spawn until tools/list, broker running",
            "ms",
            Goal.AT_MOST,
            225)
        .define("start.mcp.cold", "MCP spawn until tools/list, no broker", "ms", Goal.AT_MOST, 225)
        .define("start.cli.status", "CLI status wall time", "ms", Goal.AT_MOST, 180);
  }

  static void run(Options o, Results r) throws Exception {
    for (int i = 0; i < o.startRuns(); i++) {
      try (BrokerProcess broker = BrokerProcess.start(o)) {
        r.add("start.broker", broker.startMillis());
      }
    }
    System.out.printf("  broker start done (load %s)%n", Machine.loadavg());
    try (BrokerProcess broker = BrokerProcess.start(o)) {
      for (int i = 0; i < o.startRuns(); i++) {
        Optional<Double> ms =
            mcp(o.launcher(), broker.dataDir(), broker.port(), broker.dataDir().getParent());
        if (ms.isEmpty()) {
          r.note("MCP server did not answer tools/list; see " + broker.dataDir().getParent());
          break;
        }
        r.add("start.mcp.running", ms.get());
      }
      for (int i = 0; i < o.startRuns(); i++) {
        Optional<Double> ms = cli(o.launcher(), broker.dataDir(), broker.port());
        if (ms.isEmpty()) {
          r.note("`slm-mesh status` did not exit 0: no CLI figure");
          break;
        }
        r.add("start.cli.status", ms.get());
      }
    }
    System.out.printf("  MCP (broker running) and CLI done (load %s)%n", Machine.loadavg());
    for (int i = 0; i < o.startRuns(); i++) {
      Path home = Files.createTempDirectory(Path.of("/tmp"), "slmm");
      Path dataDir = home.resolve("d");
      try {
        Optional<Double> ms = mcp(o.launcher(), dataDir, BrokerProcess.freePort(), home);
        if (ms.isEmpty()) {
          r.note("MCP server without a broker did not answer tools/list");
          break;
        }
        r.add("start.mcp.cold", ms.get());
      } finally {
        stopSpawnedBroker(dataDir);
        BrokerProcess.deleteTree(home);
      }
    }
    System.out.printf("  MCP (no broker) done (load %s)%n", Machine.loadavg());
  }

  /**
   * Spawns {@code slm-mesh mcp}, does the handshake, and times spawn until the tools/list reply.
   */
  static Optional<Double> mcp(Path launcher, Path dataDir, int port, Path logDir) throws Exception {
    ProcessBuilder pb =
        BrokerProcess.builder(
            List.of(launcher.toString(), "mcp"), BrokerProcess.environment(dataDir, port));
    pb.redirectError(ProcessBuilder.Redirect.appendTo(logDir.resolve("mcp.log").toFile()));
    long t0 = System.nanoTime();
    Process p = pb.start();
    BlockingQueue<String> lines = new ArrayBlockingQueue<>(1024);
    Thread reader = new Thread(() -> readLines(p, lines), "bench-mcp-stdout");
    reader.setDaemon(true);
    reader.start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(INITIALIZE.getBytes(StandardCharsets.UTF_8));
      in.flush();
      if (!awaitReply(lines, "\"id\":1")) {
        return Optional.empty();
      }
      in.write(LIST.getBytes(StandardCharsets.UTF_8));
      in.flush();
      if (!awaitReply(lines, "\"id\":2")) {
        return Optional.empty();
      }
      double ms = (System.nanoTime() - t0) / 1e6;
      // let the session register before stdin closes, as a real agent session would
      BrokerProcess.sleepMillis(300);
      return Optional.of(ms);
    } finally {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  private static void readLines(Process p, BlockingQueue<String> lines) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!lines.offer(line)) {
          return;
        }
      }
    } catch (IOException e) {
      // the process ended: nothing more to read
    }
  }

  private static boolean awaitReply(BlockingQueue<String> lines, String id)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REPLY_TIMEOUT_MILLIS);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line != null && line.contains(id) && line.contains("\"result\"")) {
        return true;
      }
    }
    return false;
  }

  /** Runs {@code slm-mesh status}; its wall time if it exited 0. */
  static Optional<Double> cli(Path launcher, Path dataDir, int port) throws Exception {
    ProcessBuilder pb =
        BrokerProcess.builder(
            List.of(launcher.toString(), "status"), BrokerProcess.environment(dataDir, port));
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(15, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return Optional.empty();
    }
    double ms = (System.nanoTime() - t0) / 1e6;
    return p.exitValue() == 0 ? Optional.of(ms) : Optional.empty();
  }

  /** Stops the broker an MCP server started in {@code dataDir}, by the PID it wrote there. */
  private static void stopSpawnedBroker(Path dataDir) throws InterruptedException {
    Path pidFile = dataDir.resolve("broker.pid");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.exists(pidFile) && System.nanoTime() < deadline) {
      BrokerProcess.sleepMillis(20);
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).trim());
    } catch (IOException | NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty()) {
      return;
    }
    // the PID file lies in our own temporary directory; the command check guards PID reuse
    String cmd = handle.get().info().commandLine().orElse("");
    if (!cmd.contains("slm-mesh")) {
      return;
    }
    handle.get().destroy();
    try {
      handle.get().onExit().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      handle.get().destroyForcibly();
    }
  }
}
