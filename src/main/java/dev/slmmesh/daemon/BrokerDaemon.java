package dev.slmmesh.daemon;

import dev.slmmesh.base.Threads;
import dev.slmmesh.broker.Broker;
import dev.slmmesh.broker.LockMirror;
import dev.slmmesh.broker.PushNotifier;
import dev.slmmesh.config.Config;
import dev.slmmesh.config.DataDir;
import dev.slmmesh.config.MachineIdentity;
import dev.slmmesh.config.MemorySettings;
import dev.slmmesh.config.SecureFiles;
import dev.slmmesh.config.StoreSettings;
import dev.slmmesh.dashboard.Dashboard;
import dev.slmmesh.discovery.HubAdvertiser;
import dev.slmmesh.http.HttpApi;
import dev.slmmesh.http.HubAuth;
import dev.slmmesh.http.HubTls;
import dev.slmmesh.http.RemoteApi;
import dev.slmmesh.http.WarmUp;
import dev.slmmesh.memory.MeshMemory;
import dev.slmmesh.push.ClusterPush;
import dev.slmmesh.push.PushHub;
import dev.slmmesh.push.RoutedPush;
import dev.slmmesh.push.WsPushHub;
import dev.slmmesh.store.PostgresStore;
import dev.slmmesh.store.PostgresTarget;
import dev.slmmesh.store.SqliteStore;
import dev.slmmesh.store.Store;
import dev.slmmesh.wire.HubProof;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker process: the single composition root. {@link #start} follows the original's start-up
 * order with our fixes (an OS lock instead of a PID check, peers kept across restarts, the token
 * written only by the lock holder) and undoes what it did if a step fails; {@link #close} runs the
 * reverse once.
 */
public final class BrokerDaemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerDaemon.class);

  private final Config config;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean ownsDataDir;
  private volatile int port;
  private volatile String token = "";
  private volatile int hubPort;
  private volatile String fingerprint = "";

  private BrokerDaemon(Config config) {
    this.config = config;
  }

  /** Starts a broker for {@code config} with the system clock; throws with the cause on failure. */
  public static BrokerDaemon start(Config config) throws IOException {
    return start(config, Clock.systemUTC());
  }

  public static BrokerDaemon start(Config config, Clock clock) throws IOException {
    BrokerDaemon daemon = new BrokerDaemon(config);
    try {
      daemon.boot(clock);
      return daemon;
    } catch (IOException | RuntimeException e) {
      daemon.close();
      throw e;
    }
  }

  private void boot(Clock clock) throws IOException {
    DataDir dir = config.files();
    WarmUp.inBackground();
    WarmUp.afterLogging(); // this thread has its logger: Jetty's classes may load now
    claim(dir);
    // The store (native library, schema) opens on a thread of its own while this one sets up the
    // HTTP server and binds its port (most of Jetty's class loading). Nothing is served before the
    // broker exists: until then, connections wait in the listen backlog.
    Background<Store> opening = Background.start("store-open", () -> openStore(dir));
    HttpApi http = bind(dir, opening);
    Store store;
    MachineIdentity machine;
    WsPushHub remote;
    Broker broker;
    Dashboard dashboard = null;
    try { // until it serves, the bound server is closed here if a step fails
      store = opening.await();
      resources.push(store);
      ListenerRelay relay = new ListenerRelay();
      machine = MachineIdentity.load(dir, config.mesh());
      PushStack stack = PushStack.of(store, relay, config.mesh().networked());
      remote = stack.remote();
      ClusterPush cluster = stack.cluster();
      PushNotifier push = stack.notifier();
      resources.push(push);
      LockMirror mirror = LockMirror.start(store, clock, dir.lockMirror());
      resources.push(mirror);
      MemoryActivity memory =
          new MemoryActivity(MeshMemory.start(MemorySettings.of(config), config.environment()));
      resources.push(memory);
      // brokers sharing a store (PostgreSQL) keep time by its clock
      broker =
          Broker.assemble(
              config,
              store,
              push,
              store.clock(clock),
              socketDirs(dir),
              () -> port,
              machine,
              mirror,
              memory);
      relay.target(broker.deliveries());
      if (cluster != null) {
        cluster.start(
            broker.deliveries()::flush, broker.deliveries()::flushAll, broker.events()::fanOut);
      }
      token = HexFormat.of().formatHex(randomBytes());
      SecureFiles.writeAtomically(dir.token(), token);
      resources.push(() -> Files.deleteIfExists(dir.token()));
      dashboard = Dashboard.create(broker, token, () -> port, clock);
      http.serve(broker, token, config.lockTtl(), dashboard::in);
    } catch (IOException | RuntimeException e) {
      http.close();
      if (dashboard != null) {
        dashboard.close();
      }
      throw e;
    }
    resources.push(http);
    resources.push(dashboard); // closed before the HTTP server: open pages' streams end first
    if (remote != null) {
      startHub(broker, remote, machine, clock);
    }
    new SocketSweeper(socketDirs(dir)).sweep();
    broker.peers().restoreLinks();
    Timers timers = new Timers(config, broker.janitor(), broker.idle(), store, this::closeAsync);
    resources.push(timers);
    LOG.info(
        "Broker started on {}:{} (PID {})", config.host(), port, ProcessHandle.current().pid());
  }

  /** Takes the data directory (its OS lock, then the PID file) or throws: another broker has it. */
  private void claim(DataDir dir) throws IOException {
    SecureFiles.ensureDir(dir.root());
    SecureFiles.ensureDir(dir.peers());
    resources.push(DataDirLock.acquire(dir));
    ownsDataDir = true; // from here on this broker's start and stop are worth telling
    LOG.info("Starting broker in {}", dir.root());
    SecureFiles.writeAtomically(dir.pid(), Long.toString(ProcessHandle.current().pid()));
    resources.push(() -> Files.deleteIfExists(dir.pid()));
  }

  /**
   * Binds the loopback API (local clients keep it, with the token file; the network gets only the
   * hub port) and writes the port file. A store that failed to open meanwhile is the error
   * reported.
   */
  private HttpApi bind(DataDir dir, Background<Store> opening) throws IOException {
    String localHost = config.loopbackHost() ? config.host() : "127.0.0.1";
    HttpApi http;
    try {
      http = HttpApi.bind(localHost, config.port(), config.port() == 0 ? 0 : config.lastPort());
    } catch (IOException | RuntimeException e) {
      resources.push(opening.await());
      throw e;
    }
    port = http.port();
    // the port file comes before the token file: a client that sees this directory's token must
    // also find its port, not take the broker of another directory on the default port for it
    SecureFiles.writeAtomically(dir.port(), Integer.toString(port));
    resources.push(() -> Files.deleteIfExists(dir.port()));
    return http;
  }

  /**
   * The push transports: Unix sockets always, WebSockets on a hub, and the store's channel when
   * brokers share a store (PostgreSQL), through which they reach each other's peers.
   */
  private record PushStack(
      PushNotifier notifier, @Nullable WsPushHub remote, @Nullable ClusterPush cluster) {
    static PushStack of(Store store, ListenerRelay relay, boolean networked) {
      PushHub local = new PushHub(relay);
      WsPushHub remote = networked ? new WsPushHub(relay) : null;
      PushNotifier attached = remote == null ? local : new RoutedPush(local, remote);
      ClusterPush cluster =
          store.openChannel().map(channel -> new ClusterPush(attached, channel)).orElse(null);
      return new PushStack(cluster == null ? attached : cluster, remote, cluster);
    }
  }

  /** The SQLite file of the data directory, or the PostgreSQL database of SLM_MESH_STORE. */
  private Store openStore(DataDir dir) {
    StoreSettings settings = config.store();
    if (!settings.postgres()) {
      return SqliteStore.open(dir.database());
    }
    return PostgresStore.open(
        new PostgresTarget(
            java.util.Objects.requireNonNull(settings.jdbcUrl()),
            java.util.Objects.requireNonNull(settings.user()),
            settings.password(),
            StoreSettings.SETTING + "=" + settings.url(),
            settings.passwordSource(),
            settings.connectWait()));
  }

  private void startHub(Broker broker, WsPushHub remote, MachineIdentity machine, Clock clock)
      throws IOException {
    String secret = java.util.Objects.requireNonNull(config.mesh().sharedSecret(), "shared secret");
    HubTls tls = HubTls.loadOrCreate(config.dataDir().resolve("tls"));
    HubAuth auth = new HubAuth(HubProof.fromSecret(secret), tls.fingerprint(), machine.id(), clock);
    RemoteApi hub =
        RemoteApi.start(
            broker, tls, auth, remote, config.host(), config.mesh().wsPort(), config.lockTtl());
    resources.push(hub);
    hubPort = hub.port();
    fingerprint = tls.fingerprint();
    if (!config.loopbackHost() && config.mesh().advertise()) {
      resources.push(
          HubAdvertiser.start(
              config.host(), hubPort, Config.VERSION, machine.id(), machine.name(), fingerprint));
    }
  }

  private static List<Path> socketDirs(DataDir dir) {
    return List.of(
        dir.peers(),
        DataDir.fallbackPeers(Path.of(System.getProperty("java.io.tmpdir")), SecureFiles.uid()));
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return b;
  }

  public int port() {
    return port;
  }

  /** The hub's TLS port for remote peers, or 0 when this broker is not a hub. */
  public int hubPort() {
    return hubPort;
  }

  /** The SHA-256 fingerprint of the hub certificate (empty when not a hub). */
  public String fingerprint() {
    return fingerprint;
  }

  public String token() {
    return token;
  }

  public Config config() {
    return config;
  }

  /** Blocks until the broker has stopped (by {@link #close}, a signal or idle shutdown). */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /** Stops from another thread (a timer must not wait for its own scheduler to end). */
  private void closeAsync() {
    Threads.user("broker-shutdown", this::close).start();
  }

  /**
   * Stops in reverse start order: HTTP, timers, push (with shutdown notices), store, files, lock.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    boolean tell = ownsDataDir; // a broker that lost the race for the lock never ran: say nothing
    if (tell) {
      LOG.info("Broker shutting down...");
    }
    while (!resources.isEmpty()) {
      AutoCloseable r = resources.pop();
      try {
        r.close();
      } catch (Exception e) {
        LOG.warn("Error while stopping {}: {}", r.getClass().getSimpleName(), e.toString());
      }
    }
    if (tell) {
      LOG.info("Broker stopped");
    }
    stopped.countDown();
  }
}
