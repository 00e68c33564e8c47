package dev.slmmesh.mcp;

import dev.slmmesh.base.Threads;
import dev.slmmesh.client.BrokerClient;
import dev.slmmesh.client.BrokerClients;
import dev.slmmesh.client.BrokerEnsurer;
import dev.slmmesh.client.BrokerLauncher;
import dev.slmmesh.config.Config;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Entry point and composition root of the MCP server ({@code slm-mesh mcp}): builds the parts,
 * serves the protocol until stdin closes (or SIGTERM/SIGINT), then unregisters and returns.
 */
public final class McpMain {

  private McpMain() {}

  /**
   * Serves MCP on this process's stdin/stdout. Everything else that writes to {@code System.out} is
   * redirected to stderr first: stdout belongs to the protocol. Unless {@code
   * SLM_MESH_MCP_LOG=stderr}, stderr keeps only warnings and errors; all log lines go to {@code
   * <data>/mcp.log}.
   *
   * @return the process exit code (0 after a normal end of input)
   */
  public static int stdio(Config config) {
    PrintStream protocolOut = System.out;
    if (!McpSettings.logToStderr(config.environment().get("SLM_MESH_MCP_LOG"), System.err)) {
      LogRouter.install(
          new SessionLog(
              config.files().mcpLog(),
              SessionLog.MAX_BYTES,
              ProcessHandle.current().pid(),
              System.err));
    }
    System.setOut(System.err);
    return run(config, System.in, protocolOut);
  }

  /**
   * Serves MCP on the given streams until {@code in} ends; then unregisters from the broker, closes
   * the push socket, and returns within about two seconds.
   *
   * @return the exit code: 0
   */
  public static int run(Config config, InputStream in, OutputStream out) {
    // logging is set up after the warm-up, on its thread: the first answers need neither
    McpWarmUp.inBackground(
        McpLogs.setUpLater(
            () ->
                Log.LOG.info(
                    "SLM Mesh MCP server {} on stdio (data dir {})",
                    Config.VERSION,
                    config.dataDir())));
    McpSettings settings = McpSettings.from(config);
    MemoryTool memory = MemoryTool.detect(config);
    Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    ProtocolWriter writer = new ProtocolWriter(out);
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(Threads.numbered("mcp-session-"));
    BrokerClient client = BrokerClients.forConfig(config);
    BrokerEnsurer ensurer =
        new BrokerEnsurer(
            client,
            BrokerLauncher.forThisProgram(config),
            config.dataDir(),
            settings.brokerStartWait());
    ReadMarks reads = new ReadMarks();
    SessionInbox mailbox = new SessionInbox();
    SessionHolder holder = new SessionHolder();
    long agentPid = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L);
    SessionDir sessionDir =
        SessionDir.open(config.files().sessions(), agentPid, ProcessHandle.current().pid())
            .orElse(null);
    WakeGuard wakes = new WakeGuard(sessionDir);
    Delivery delivery =
        new Delivery(
            mailbox,
            new MessageFiles(sessionDir),
            wakes,
            reads,
            writer,
            settings.channels(),
            settings.piggyback(),
            holder::flushReadsSoon);
    PresenceTracker presence =
        new PresenceTracker(
            sessionDir, Clock.systemUTC(), () -> Delivery.CHANNEL.equals(delivery.path()));
    SessionProbe probe =
        new SessionProbe(
            new AgentDetector(config.environment(), ProcessLookup::find),
            config.files(),
            cwd,
            settings.peerName(),
            delivery,
            new PushInbound(delivery));
    Session session =
        new Session(
            client,
            ensurer,
            probe,
            delivery::path,
            reads,
            new CredentialFile(config.files()),
            scheduler,
            config.heartbeatInterval(),
            settings.readyWait(),
            id -> registered(wakes, sessionDir, id.peerId()),
            presence);
    HookWatch hookWatch = new HookWatch(delivery, presence, session::reportPresenceSoon);
    holder.session = session;
    AutoCloseable hubPush = client.viaHub() ? HubInbound.open(client, session, delivery) : () -> {};
    McpProtocol protocol =
        new McpProtocol(
            new MeshTools(session, delivery, probe, cwd, presence, memory),
            delivery,
            session::start);
    Optional<EditLeases> leases = leases(config, sessionDir, session);
    Runnable shutdown = new Shutdown(session, probe, hookWatch, sessionDir);
    Thread hook = Threads.user("mcp-shutdown", shutdown);
    Runtime.getRuntime().addShutdownHook(hook);
    hookWatch.start();
    new StdioServer(protocol, writer, settings.drain()).run(in);
    leases.ifPresent(EditLeases::close);
    shutdown.run();
    try {
      hubPush.close();
    } catch (Exception e) {
      Log.LOG.debug("Closing the hub push connection: {}", e.toString());
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down (SIGTERM during the drain): the hook runs anyway
    }
    return 0;
  }

  /** The session has its peer id: the waker and the hooks' files learn it. */
  private static void registered(WakeGuard wakes, @Nullable SessionDir sessionDir, String peerId) {
    wakes.registeredAs(peerId);
    if (sessionDir != null) {
      sessionDir.writePeer(peerId);
    }
  }

  /** Edit leases (SLM_MESH_AUTO_LOCK) when they are on and the session has its directory. */
  private static Optional<EditLeases> leases(
      Config config, @Nullable SessionDir sessionDir, Session session) {
    if (sessionDir == null || !EditLeases.enabled(config.environment())) {
      return Optional.empty();
    }
    return EditLeases.start(
        sessionDir.path(),
        new EditLeases.Broker(
            r -> session.exchange(id -> session.api().lock(r.by(id.peerId(), id.credential()))),
            r -> session.exchange(id -> session.api().locks(r.by(id.peerId(), id.credential())))));
  }

  /** Lets the delivery path reach the session, which is built after it. */
  private static final class SessionHolder {
    volatile @Nullable Session session;

    void flushReadsSoon() {
      Session s = session;
      if (s != null) {
        s.flushReadsSoon();
      }
    }
  }

  /**
   * Unregisters and closes the push socket once, whether stdin ended or a signal came. Often both
   * happen together (a client that kills its server also closes the pipe): a second caller waits
   * for the first to finish, so the JVM's shutdown hook cannot let the process end mid-unregister.
   */
  private static final class Shutdown implements Runnable {
    private final Session session;
    private final SessionProbe probe;
    private final HookWatch hookWatch;
    private final @Nullable SessionDir sessionDir;
    private boolean done;

    Shutdown(
        Session session, SessionProbe probe, HookWatch hookWatch, @Nullable SessionDir sessionDir) {
      this.session = session;
      this.probe = probe;
      this.hookWatch = hookWatch;
      this.sessionDir = sessionDir;
    }

    @Override
    public synchronized void run() {
      if (!done) {
        done = true;
        hookWatch.close();
        session.close();
        probe.close();
        if (sessionDir != null) {
          sessionDir.close();
        }
      }
    }
  }

  /** Created on first use, once logging is set up ({@link McpLogs}). */
  private static final class Log {
    static final Logger LOG = McpLogs.logger(McpMain.class);
  }
}
