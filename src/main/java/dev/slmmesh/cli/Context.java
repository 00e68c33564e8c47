package dev.slmmesh.cli;

import dev.slmmesh.client.BrokerClient;
import dev.slmmesh.client.BrokerClients;
import dev.slmmesh.config.Config;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Everything a command may touch, injected once: configuration (and through it the environment and
 * the data directory), the home and working directories, the standard streams, the process table
 * and the foreground broker. Tests build one with a temporary home and captured streams; apart from
 * the entry point {@link Cli#run}, nothing in this package reads {@code System.getenv}, {@code
 * user.home} or the standard streams.
 */
final class Context {
  /** How long one broker request may take once connected. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  private final Config config;
  private final Path home;
  private final Path cwd;
  private final Path tmpDir;
  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;
  private final ProcessTable processes;
  private final IntSupplier foregroundBroker;
  private @Nullable BrokerClient client;

  /**
   * @param tmpDir where the original's short socket fallback lives ({@code <tmp>/slm-mesh-<uid>})
   */
  Context(
      Config config,
      Path home,
      Path cwd,
      Path tmpDir,
      InputStream in,
      PrintStream out,
      PrintStream err,
      ProcessTable processes,
      IntSupplier foregroundBroker) {
    this.config = config;
    this.home = home;
    this.cwd = cwd;
    this.tmpDir = tmpDir;
    this.in = in;
    this.out = out;
    this.err = err;
    this.processes = processes;
    this.foregroundBroker = foregroundBroker;
  }

  Config config() {
    return config;
  }

  Map<String, String> env() {
    return config.environment();
  }

  Path home() {
    return home;
  }

  Path cwd() {
    return cwd;
  }

  Path tmpDir() {
    return tmpDir;
  }

  InputStream in() {
    return in;
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  ProcessTable processes() {
    return processes;
  }

  int runForegroundBroker() {
    return foregroundBroker.getAsInt();
  }

  /** One client per process: it reads the port and token files once (a defect of the original). */
  synchronized BrokerClient client() {
    BrokerClient c = client;
    if (c == null) {
      // the local broker, or in client role the hub named by SLM_MESH_HOST / SLM_MESH_PEER_URL
      c = BrokerClients.forConfig(config, READ_TIMEOUT);
      client = c;
    }
    return c;
  }
}
