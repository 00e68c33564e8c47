package dev.slmmesh.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A broker started through the real launcher ({@code bin/slm-mesh start}) on a fresh data directory
 * under {@code /tmp} and a free port, measured from outside only: the time until {@code /health}
 * answers, its resident memory ({@code VmRSS}) and its files. Closing stops it with SIGTERM (then
 * SIGKILL after 10 s) and deletes the directory.
 */
final class BrokerProcess implements AutoCloseable {
  private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final AtomicInteger STARTED = new AtomicInteger();

  private final Process process;
  private final Path home;
  private final Path dataDir;
  private final int port;
  private final long startNanos;
  private long healthNanos;
  private String token = "";

  private BrokerProcess(Process process, Path home, Path dataDir, int port, long startNanos) {
    this.process = process;
    this.home = home;
    this.dataDir = dataDir;
    this.port = port;
    this.startNanos = startNanos;
  }

  /**
   * The environment every process of the benchmark gets: its own data dir, no limits in the way.
   */
  static Map<String, String> environment(Path dataDir, int port) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SLM_MESH_DATA_DIR", dataDir.toString());
    env.put("SLM_MESH_PORT", Integer.toString(port));
    env.put("SLM_MESH_RATE_LIMIT", "10000000");
    env.put("SLM_MESH_IDLE_MS", "0");
    // peers of a long run must not turn stale between their heartbeats
    env.put("SLM_MESH_STALE_MS", "3600000");
    env.put("SLM_MESH_DEAD_MS", "7200000");
    // the broker's store: SQLite in the data dir, or the PostgreSQL URL given (PGPASSWORD passes
    // on)
    String store = System.getenv("SLM_MESH_BENCH_STORE");
    if (store != null && !store.isBlank()) {
      env.put("SLM_MESH_STORE", store);
    }
    return env;
  }

  static ProcessBuilder builder(List<String> command, Map<String, String> env) {
    ProcessBuilder pb = new ProcessBuilder(command);
    // SLM_MESH_JAVA stays: it chooses the Java the launcher runs (a run per Java,
    // docs/performance.md)
    pb.environment()
        .keySet()
        .removeIf(k -> k.startsWith("SLM_MESH_") && !k.equals("SLM_MESH_JAVA"));
    pb.environment().putAll(env);
    return pb;
  }

  /**
   * Starts a broker through {@code o.launcher()} and waits until {@code /health} answers. With
   * {@code --broker-java-options}, the broker (and only it) gets them as {@code JAVA_TOOL_OPTIONS},
   * {@code %n} replaced by a sequence number (for profiling).
   */
  static BrokerProcess start(Options o) throws IOException {
    Path home = Files.createTempDirectory(Path.of("/tmp"), "slmb");
    Path dataDir = home.resolve("d");
    int port = freePort();
    Map<String, String> env = environment(dataDir, port);
    if (!o.brokerJavaOptions().isEmpty()) {
      env.put(
          "JAVA_TOOL_OPTIONS",
          o.brokerJavaOptions().replace("%n", Integer.toString(STARTED.incrementAndGet())));
    }
    ProcessBuilder pb = builder(List.of(o.launcher().toString(), "start"), env);
    pb.redirectErrorStream(true).redirectOutput(home.resolve("broker.log").toFile());
    long t0 = System.nanoTime();
    BrokerProcess broker = new BrokerProcess(pb.start(), home, dataDir, port, t0);
    try {
      broker.awaitHealth();
      broker.token = Files.readString(dataDir.resolve("broker.token")).trim();
      return broker;
    } catch (IOException | RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private void awaitHealth() throws IOException {
    while (System.nanoTime() - startNanos < START_TIMEOUT_NANOS) {
      if (!process.isAlive()) {
        throw new IOException("broker exited with " + process.exitValue() + ": " + log());
      }
      if (health(port)) {
        healthNanos = System.nanoTime() - startNanos;
        return;
      }
      sleepMillis(1);
    }
    throw new IOException("broker did not answer /health within 30 s: " + log());
  }

  /** True if a broker on {@code port} answers {@code GET /health} with 200. */
  static boolean health(int port) {
    try (Socket s = new Socket()) {
      s.setTcpNoDelay(true);
      s.setSoTimeout(2_000);
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] head = in.readNBytes(12);
      return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
    } catch (IOException e) {
      return false;
    }
  }

  /** Spawn until {@code /health} answered, in milliseconds. */
  double startMillis() {
    return healthNanos / 1e6;
  }

  HttpConn connect() throws IOException {
    return new HttpConn(port, token);
  }

  int port() {
    return port;
  }

  String token() {
    return token;
  }

  Path dataDir() {
    return dataDir;
  }

  Path peersDir() {
    return dataDir.resolve("peers");
  }

  long pid() {
    return process.pid();
  }

  /** Resident set size in MiB, from {@code /proc/<pid>/status}. */
  double rssMiB() throws IOException {
    return ProcStatus.kib(process.pid(), "VmRSS") / 1024.0;
  }

  /** Proportional set size in MiB, from {@code /proc/<pid>/smaps_rollup}. */
  double pssMiB() throws IOException {
    return ProcStatus.pssKib(process.pid()) / 1024.0;
  }

  /** Private (unshared) resident memory in MiB, from {@code /proc/<pid>/smaps_rollup}. */
  double privateMiB() throws IOException {
    return ProcStatus.privateKib(process.pid()) / 1024.0;
  }

  /** The size of {@code mesh.db-wal} in bytes (0 if absent). */
  long walBytes() {
    try {
      return Files.size(dataDir.resolve("mesh.db-wal"));
    } catch (IOException e) {
      return 0;
    }
  }

  String log() {
    try {
      return Files.readString(home.resolve("broker.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  static void sleepMillis(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    deleteTree(home);
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
