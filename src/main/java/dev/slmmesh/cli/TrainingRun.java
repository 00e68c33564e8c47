package dev.slmmesh.cli;

import dev.slmmesh.base.FileTrees;
import dev.slmmesh.base.Threads;
import dev.slmmesh.client.BrokerClient;
import dev.slmmesh.client.BrokerLauncher;
import dev.slmmesh.config.Config;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The launcher's training run ({@code slm-mesh cds-train --broker <archive> --mcp <archive>},
 * docs/cli.md "The launcher"): one class-data archive per role, each written by a JVM that ran only
 * that role. This JVM is the CLI's (bin/slm-mesh starts it with the archive-output flag); it starts
 * a throw-away broker as a process of its own, with the broker's flags and its archive-output flag,
 * in a temporary data directory on a free port; runs the everyday commands against it ({@link
 * Training}); runs one MCP session in a third process, with its own archive-output flag; then stops
 * the broker with SIGTERM, which writes the broker's archive as the JVM exits. Every wait is
 * bounded; the broker and the MCP server never outlive this run (killed on any failure, and on this
 * JVM's own SIGTERM).
 */
final class TrainingRun {
  /** What an agent sends first; fed to the MCP server on its stdin, which then closes. */
  static final String MCP_SESSION =
      String.join(
          "\n",
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
              + "\"capabilities\":{},\"clientInfo\":{\"name\":\"slm-mesh-training\",\"version\":\"1\"}}}",
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
          "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"mesh_peers\",\"arguments\":{}}}",
          "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"mesh_status\",\"arguments\":{}}}",
          "");

  /** How long the broker may take to answer, and the MCP session to end. */
  private static final Duration START = Duration.ofSeconds(60);

  /**
   * How long a role's JVM may take to exit once asked: on Java 25 it assembles its cache in a child
   * JVM at exit, several seconds on a loaded machine.
   */
  private static final Duration EXIT = Duration.ofSeconds(120);

  /** The broker stops itself this long after its last request, should everything else fail. */
  private static final String IDLE_BACKSTOP_MS = "90000";

  private final Path brokerArchive;
  private final Path mcpArchive;
  private final PrintStream err;
  private final List<Process> children = new ArrayList<>();

  TrainingRun(Path brokerArchive, Path mcpArchive, PrintStream err) {
    this.brokerArchive = brokerArchive;
    this.mcpArchive = mcpArchive;
    this.err = err;
  }

  /**
   * @param args {@code --broker <archive> --mcp <archive>}: where the two other roles' JVMs write
   *     their archives
   * @return 0 when every role ran and every JVM exited, 2 for bad arguments, else 1
   */
  static int main(List<String> args, PrintStream err) {
    Path broker = null;
    Path mcp = null;
    for (int i = 0; i + 1 < args.size(); i += 2) {
      switch (args.get(i)) {
        case "--broker" -> broker = Path.of(args.get(i + 1));
        case "--mcp" -> mcp = Path.of(args.get(i + 1));
        default -> {
          err.println("slm-mesh: cds-train: unknown option " + args.get(i));
          return 2;
        }
      }
    }
    if (broker == null || mcp == null || args.size() != 4) {
      err.println("slm-mesh: cds-train needs --broker <archive> and --mcp <archive>");
      return 2;
    }
    return new TrainingRun(broker, mcp, err).run();
  }

  int run() {
    Thread killer = Threads.user("cds-train-stop", this::killAll);
    Runtime.getRuntime().addShutdownHook(killer);
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("slm-mesh-train");
      Path data = scratch.resolve("data");
      int port = freePort();
      Config config = Config.defaults(data).withPort(port);
      Map<String, String> env = childEnvironment(scratch, data, port);
      Process broker =
          start(
              BrokerLauncher.brokerCommand(recordFlags(brokerArchive)),
              env,
              scratch.resolve("broker.log"));
      awaitHealth(new BrokerClient(config.files(), port, START, START), broker);
      Training.exercise(config, scratch);
      List<String> mcp = new ArrayList<>();
      mcp.add(BrokerLauncher.javaExecutable());
      mcp.addAll(BrokerLauncher.brokerJvmFlags()); // as good as the MCP server's: none is recorded
      mcp.addAll(BrokerLauncher.thisProgram(recordFlags(mcpArchive)));
      mcp.add("mcp");
      Process session = start(mcp, env, scratch.resolve("mcp.log"));
      try (OutputStream in = session.getOutputStream()) {
        in.write(MCP_SESSION.getBytes(StandardCharsets.UTF_8));
      }
      awaitExit(session, "the MCP server", START.plus(EXIT));
      broker.destroy(); // SIGTERM: the broker stops cleanly and its JVM writes the archive
      awaitExit(broker, "the broker", EXIT);
      return 0;
    } catch (IOException | RuntimeException e) {
      err.println("slm-mesh: training run failed: " + e);
      printLogs(scratch);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("slm-mesh: training run interrupted");
      return 1;
    } finally {
      killAll();
      if (scratch != null) {
        stopStrayBroker(scratch.resolve("data"));
      }
      try {
        Runtime.getRuntime().removeShutdownHook(killer);
      } catch (IllegalStateException e) {
        // already shutting down: the hook kills them too
      }
      deleteTree(scratch);
    }
  }

  /** The flags that make a JVM of this Java write its archive of what it loaded at exit. */
  static List<String> recordFlags(Path archive) {
    return Runtime.version().feature() >= 25
        ? List.of("-XX:AOTCacheOutput=" + archive)
        : List.of("-Xshare:auto", "-XX:ArchiveClassesAtExit=" + archive);
  }

  /**
   * The training's variables only: none of the caller's {@code SLM_MESH_*} (a hub, another data
   * directory, an archive) reaches the roles, and the temporary directory stands in for the home.
   */
  private static Map<String, String> childEnvironment(Path scratch, Path data, int port) {
    return Map.of(
        "HOME",
        scratch.toString(),
        "SLM_MESH_DATA_DIR",
        data.toString(),
        "SLM_MESH_PORT",
        Integer.toString(port),
        "SLM_MESH_IDLE_MS",
        IDLE_BACKSTOP_MS,
        BrokerLauncher.CDS_ARCHIVE,
        "none: a training run",
        BrokerLauncher.CDS_BROKER_ARCHIVE,
        "none: a training run");
  }

  private Process start(List<String> command, Map<String, String> env, Path log)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("SLM_MESH_"));
    builder.environment().putAll(env);
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.redirectOutput(new File("/dev/null"));
    builder.redirectError(log.toFile());
    synchronized (children) {
      Process p = builder.start();
      children.add(p);
      return p;
    }
  }

  private static void awaitHealth(BrokerClient client, Process broker) throws InterruptedException {
    long deadline = System.nanoTime() + START.toNanos();
    while (!client.healthy()) {
      if (!broker.isAlive()) {
        throw new IllegalStateException("the broker exited with code " + broker.exitValue());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the broker did not answer /health within " + START);
      }
      Thread.sleep(50);
    }
  }

  private static void awaitExit(Process p, String what, Duration limit)
      throws InterruptedException {
    if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(what + " did not exit within " + limit);
    }
    // 143: the broker's JVM ends on SIGTERM with 128 + 15 once its shutdown hooks ran
    if (p.exitValue() != 0 && p.exitValue() != 143) {
      throw new IllegalStateException(what + " exited with code " + p.exitValue());
    }
  }

  /** The roles' own stderr, into the training log, when the run failed. */
  private void printLogs(@Nullable Path scratch) {
    if (scratch == null) {
      return;
    }
    for (String name : List.of("broker.log", "mcp.log")) {
      try {
        Path log = scratch.resolve(name);
        if (Files.exists(log)) {
          err.println("--- " + name + " ---");
          err.println(Files.readString(log, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        err.println("slm-mesh: could not read " + name + ": " + e.getMessage());
      }
    }
  }

  private void killAll() {
    synchronized (children) {
      for (Process p : children) {
        if (p.isAlive()) {
          p.destroyForcibly();
        }
      }
    }
  }

  /**
   * A broker that the MCP session started itself (should the training broker have gone first) is
   * not one of this run's children: found by the data directory's pid file and its environment.
   */
  private static void stopStrayBroker(Path data) {
    Path pidFile = Config.defaults(data).files().pid();
    try {
      long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim());
      String environ =
          Files.readString(Path.of("/proc", Long.toString(pid), "environ"), StandardCharsets.UTF_8);
      if (environ.contains("SLM_MESH_DATA_DIR=" + data + "\0")) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    } catch (IOException | RuntimeException e) {
      // no pid file, or that process is gone: nothing left behind
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void deleteTree(@Nullable Path dir) {
    if (dir == null) {
      return;
    }
    try {
      FileTrees.delete(dir);
    } catch (IOException e) {
      err.println("slm-mesh: could not remove " + dir + ": " + e.getMessage());
    }
  }
}
