package dev.slmmesh.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole configuration of every SLM Mesh process, built once from the environment and validated
 * once. Hard errors throw {@link IllegalArgumentException} quoting the bad value; soft values are
 * clamped with one WARN. Nothing outside this package reads {@code System.getenv}.
 */
public record Config(
    Path dataDir,
    String host,
    int port,
    int portAttempts,
    Duration heartbeatInterval,
    Duration staleAfter,
    Duration deadAfter,
    Duration idleShutdown,
    Duration lockTtl,
    int rateLimit,
    Duration rateWindow,
    MeshSettings mesh,
    Map<String, String> environment) {

  /**
   * The version every component reports; the original reports 1.2.2 and clients only display it.
   */
  public static final String VERSION = "1.2.2";

  public static final int DEFAULT_PORT = 7899;
  public static final int PORT_ATTEMPTS = 10;
  public static final Duration HEARTBEAT = Duration.ofSeconds(15);
  public static final Duration STALE = Duration.ofSeconds(30);
  public static final Duration DEAD = Duration.ofSeconds(60);
  public static final Duration IDLE = Duration.ofSeconds(60);
  public static final Duration LOCK_TTL = Duration.ofMinutes(10);
  public static final int RATE_LIMIT = 100;
  public static final Duration RATE_WINDOW = Duration.ofSeconds(10);

  /**
   * Created on first use: setting up logging costs a CLI command about 45 ms, and the CLI reads its
   * configuration on every run but logs only when something is wrong.
   */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(Config.class);
  }

  private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "::1");

  public Config {
    environment = Map.copyOf(environment);
    if (!LOOPBACK_HOSTS.contains(host) && !mesh.networked()) {
      throw new IllegalArgumentException(
          "Invalid SLM_MESH_HOST: \""
              + host
              + "\". Only localhost binding is allowed (127.0.0.1, localhost, ::1) unless"
              + " SLM_MESH_SHARED_SECRET is set: a hub on a network address, and every client"
              + " joining it, needs the same shared secret.");
    }
    if (mesh.networked()
        && mesh.wsPort() != 0
        && mesh.wsPort() >= port
        && mesh.wsPort() <= Math.min(65535, port + portAttempts - 1)) {
      throw new IllegalArgumentException(
          "SLM_MESH_WS_PORT="
              + mesh.wsPort()
              + " lies inside the HTTP port range "
              + port
              + ".."
              + Math.min(65535, port + portAttempts - 1)
              + "; choose a port outside it (default: "
              + (port + MeshSettings.WS_PORT_OFFSET)
              + ")");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535 (0 = ephemeral), got " + port);
    }
  }

  /** Defaults with the data directory given; the starting point of tests. */
  public static Config defaults(Path dataDir) {
    return new Config(
        dataDir,
        "127.0.0.1",
        DEFAULT_PORT,
        PORT_ATTEMPTS,
        HEARTBEAT,
        STALE,
        DEAD,
        IDLE,
        LOCK_TTL,
        RATE_LIMIT,
        RATE_WINDOW,
        MeshSettings.NONE,
        Map.of());
  }

  /** Reads every {@code SLM_MESH_*} variable this project honours (see README, "Configuration"). */
  public static Config fromEnvironment(Map<String, String> env) {
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    String dir = env.get("SLM_MESH_DATA_DIR");
    Path dataDir = (dir == null || dir.isBlank()) ? Path.of(home, ".slm-mesh") : Path.of(dir);
    EnvReader r = new EnvReader(env);
    Duration heartbeat = r.millis("SLM_MESH_HEARTBEAT_MS", HEARTBEAT, 100, 3_600_000);
    Duration stale = r.millis("SLM_MESH_STALE_MS", STALE, 200, 86_400_000);
    Duration dead = r.millis("SLM_MESH_DEAD_MS", DEAD, 300, 86_400_000);
    if (dead.compareTo(stale) <= 0) {
      Log.LOG.warn(
          "SLM_MESH_DEAD_MS ({} ms) must exceed SLM_MESH_STALE_MS ({} ms); using {} ms",
          dead.toMillis(),
          stale.toMillis(),
          stale.toMillis() * 2);
      dead = stale.multipliedBy(2);
    }
    int port = r.port("SLM_MESH_PORT", DEFAULT_PORT);
    StoreSettings.fromEnvironment(env); // a bad SLM_MESH_STORE fails here, before anything starts
    return new Config(
        dataDir.toAbsolutePath().normalize(),
        nonBlank(env.get("SLM_MESH_HOST"), "127.0.0.1"),
        port,
        PORT_ATTEMPTS,
        heartbeat,
        stale,
        dead,
        r.millis("SLM_MESH_IDLE_MS", IDLE, 0, 86_400_000),
        Duration.ofMinutes(r.integer("SLM_MESH_LOCK_TTL_MIN", 10, 1, 1440)),
        r.integer("SLM_MESH_RATE_LIMIT", RATE_LIMIT, 1, 10_000_000),
        RATE_WINDOW,
        mesh(env, r, port),
        env);
  }

  private static MeshSettings mesh(Map<String, String> env, EnvReader r, int port) {
    String secret = env.get("SLM_MESH_SHARED_SECRET");
    String discovery =
        env.getOrDefault("SLM_MESH_DISCOVERY", "off").trim().toLowerCase(java.util.Locale.ROOT);
    return new MeshSettings(
        secret == null || secret.isEmpty() ? null : secret,
        r.port("SLM_MESH_WS_PORT", Math.min(65535, port + MeshSettings.WS_PORT_OFFSET)),
        Set.of("on", "true", "1", "yes").contains(discovery),
        !Set.of("off", "false", "0", "no").contains(discovery)
            || env.get("SLM_MESH_DISCOVERY") == null,
        // http:// entries are the memory bridge's endpoint (MemorySettings), never a hub
        PeerUrls.hubs(env.get("SLM_MESH_PEER_URL")),
        blankToNull(env.get("SLM_MESH_MACHINE_NAME")));
  }

  private static String nonBlank(@org.jspecify.annotations.Nullable String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static @org.jspecify.annotations.Nullable String blankToNull(
      @org.jspecify.annotations.Nullable String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** True when {@link #host} names the loopback interface (the single-machine default). */
  public boolean loopbackHost() {
    return LOOPBACK_HOSTS.contains(host);
  }

  public static Config fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Where the broker keeps its data ({@code SLM_MESH_STORE}; SQLite in the data directory when
   * unset). Read from the environment each call; {@link #fromEnvironment} has validated it.
   */
  public StoreSettings store() {
    return StoreSettings.fromEnvironment(environment);
  }

  public DataDir files() {
    return new DataDir(dataDir);
  }

  /** The last port of the fallback range, inclusive. */
  public int lastPort() {
    return Math.min(65535, port + portAttempts - 1);
  }

  public Config withPort(int newPort) {
    return new Config(
        dataDir,
        host,
        newPort,
        portAttempts,
        heartbeatInterval,
        staleAfter,
        deadAfter,
        idleShutdown,
        lockTtl,
        rateLimit,
        rateWindow,
        mesh,
        environment);
  }

  public Config withTimers(Duration heartbeat, Duration stale, Duration dead, Duration idle) {
    return new Config(
        dataDir,
        host,
        port,
        portAttempts,
        heartbeat,
        stale,
        dead,
        idle,
        lockTtl,
        rateLimit,
        rateWindow,
        mesh,
        environment);
  }

  public Config withRateLimit(int limit) {
    return new Config(
        dataDir,
        host,
        port,
        portAttempts,
        heartbeatInterval,
        staleAfter,
        deadAfter,
        idleShutdown,
        lockTtl,
        limit,
        rateWindow,
        mesh,
        environment);
  }

  public Config withMesh(MeshSettings settings) {
    return new Config(
        dataDir,
        host,
        port,
        portAttempts,
        heartbeatInterval,
        staleAfter,
        deadAfter,
        idleShutdown,
        lockTtl,
        rateLimit,
        rateWindow,
        settings,
        environment);
  }

  public Config withHost(String newHost) {
    return new Config(
        dataDir,
        newHost,
        port,
        portAttempts,
        heartbeatInterval,
        staleAfter,
        deadAfter,
        idleShutdown,
        lockTtl,
        rateLimit,
        rateWindow,
        mesh,
        environment);
  }

  public Config withEnvironment(Map<String, String> env) {
    return new Config(
        dataDir,
        host,
        port,
        portAttempts,
        heartbeatInterval,
        staleAfter,
        deadAfter,
        idleShutdown,
        lockTtl,
        rateLimit,
        rateWindow,
        mesh,
        env);
  }
}
