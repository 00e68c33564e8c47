package dev.slmmesh.testkit;

import dev.slmmesh.config.SecureFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Spawns the real jar ({@code java -jar slm-mesh.jar start}) as a separate broker process. */
public final class BrokerProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private BrokerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static Path jar() {
    String jar = System.getProperty("slmmesh.jar", "target/slm-mesh.jar");
    return Path.of(jar).toAbsolutePath();
  }

  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Starts a broker on {@code dataDir}, output to {@code <dataDir>/../<name>.log}. */
  public static BrokerProcess start(
      Path dataDir, int port, String name, Map<String, String> extraEnv) throws IOException {
    return start(dataDir, port, name, extraEnv, List.of());
  }

  /** As above, the command run under {@code prefix} (for example {@code prlimit --nofile=...}). */
  public static BrokerProcess start(
      Path dataDir, int port, String name, Map<String, String> extraEnv, List<String> prefix)
      throws IOException {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(
        List.of(
            java(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-jar", jar().toString(), "start"));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("SLM_MESH_DATA_DIR", dataDir.toString());
    pb.environment().put("SLM_MESH_PORT", Integer.toString(port));
    pb.environment().putAll(extraEnv);
    Path log = dataDir.resolveSibling(name + ".log");
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new BrokerProcess(pb.start(), log);
  }

  /** True if something accepts connections on {@code 127.0.0.1:port} (within 1 s). */
  public static boolean listening(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public Process process() {
    return process;
  }

  public long pid() {
    return process.pid();
  }

  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "<unreadable log: " + e + ">";
    }
  }

  /** The port and token the broker on {@code dataDir} advertises, once /health answers. */
  public static Optional<MeshHttp> client(Path dataDir) {
    Optional<String> port = SecureFiles.read(dataDir.resolve("port"));
    Optional<String> token = SecureFiles.read(dataDir.resolve("broker.token"));
    if (port.isEmpty() || token.isEmpty()) {
      return Optional.empty();
    }
    MeshHttp http = new MeshHttp(Integer.parseInt(port.get()), token.get());
    try {
      return http.get("/status").status() == 200 ? Optional.of(http) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  public boolean waitExit(Duration d) throws InterruptedException {
    return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        kill9();
      }
    }
  }
}
