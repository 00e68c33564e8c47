package dev.slmmesh.http;

import dev.slmmesh.broker.Broker;
import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's HTTP server. Binds the first free port of a range by trying to bind each in turn (no
 * probe-then-bind race, fixing a defect of the original); port 0 asks for an ephemeral port.
 */
public final class HttpApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  /**
   * Without this property, Jetty's MemoryUtils asks the platform MBean server whether compressed
   * oops are on, which starts JMX: about 100 ms of the broker's cold start. 16 is what Jetty
   * derives with compressed oops (the default below 32 GiB of heap); it only sizes padding.
   */
  static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

  /** Acceptor and selector included; Jetty refuses to start with fewer than it needs. */
  static final int MAX_THREADS = 8;

  /**
   * Requests run on the selector thread that read them (the handler is non-blocking as far as Jetty
   * is concerned: a route waits only for the store, briefly), so no request waits for a pool thread
   * to wake. Connections are spread over the selectors in turn: with four, up to four clients are
   * served in parallel, and their store writes still share group commits.
   */
  static final int SELECTORS = 4;

  /**
   * Most connections open at once, well under the usual 1,024 open files: past it the acceptor
   * waits, and every open connection's idle timeout drops to {@link #IDLE_WHEN_FULL}, so a flood of
   * idle or half-sent connections is closed within a second while clients that are sending get
   * through.
   */
  static final int MAX_CONNECTIONS = 512;

  static final Duration IDLE_WHEN_FULL = Duration.ofSeconds(1);

  /** A connection must send its first request's head within this, or it is closed. */
  static final Duration HEAD_TIMEOUT = Duration.ofSeconds(5);

  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
  private final Server server;
  private final ServerConnector connector;

  private HttpApi(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  private static void setCacheLinePadding() {
    if (System.getProperty(REFERENCES_PER_CACHE_LINE) == null) {
      System.setProperty(REFERENCES_PER_CACHE_LINE, "16");
    }
  }

  /**
   * Sets up the server and binds the first free port of {@code firstPort..lastPort} on {@code host}
   * without serving yet: connections wait in the listen backlog until {@link #serve}. Split from
   * {@link #serve} so that the broker's start-up can do this (most of Jetty's class loading) while
   * the store opens. {@link #close} releases the port if {@link #serve} never ran.
   */
  public static HttpApi bind(String host, int firstPort, int lastPort) throws IOException {
    ServerConnector connector = newConnector();
    connector.setHost(host);
    bindFirstFree(connector, firstPort, lastPort);
    return new HttpApi(connector.getServer(), connector);
  }

  /** The local API's server and its connector, set up but neither bound nor started. */
  static ServerConnector newConnector() {
    setCacheLinePadding();
    // Few threads: the acceptor and the selectors (which serve the requests), and a few for the
    // rare request whose body must be read with blocking reads (no length, or too large).
    QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, 2, 60_000);
    pool.setName("http");
    pool.setDaemon(true);
    Server server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(true);
    ServerConnector connector =
        new ServerConnector(server, 1, SELECTORS, new HttpConnectionFactory(http));
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    server.addConnector(connector);
    limitConnections(server, connector);
    // plain HTTP only: on the hub's TLS port the first connection is TLS's, which counts no
    // requests
    connector.addBean(new HeadTimeout(connector.getScheduler(), HEAD_TIMEOUT));
    return connector;
  }

  /**
   * Bounds what clients can hold: {@link #MAX_CONNECTIONS} connections, idle ones closed within
   * {@link #IDLE_WHEN_FULL} once the bound is reached. Used by the hub's port too.
   */
  static void limitConnections(Server server, ServerConnector connector) {
    NetworkConnectionLimit limit = new NetworkConnectionLimit(MAX_CONNECTIONS, connector);
    limit.setEndPointIdleTimeout(IDLE_WHEN_FULL.toMillis());
    server.addBean(limit);
  }

  /** Starts serving {@code broker} on the bound port; once only. */
  public void serve(Broker broker, @Nullable String token, Duration lockTtl) throws IOException {
    serve(broker, token, lockTtl, UnaryOperator.identity());
  }

  /**
   * As above, with {@code front} wrapped around the API's handler (the dashboard, which serves its
   * own paths and passes every other request on to the API).
   */
  public void serve(
      Broker broker, @Nullable String token, Duration lockTtl, UnaryOperator<Handler> front)
      throws IOException {
    server.setHandler(
        front.apply(new ApiHandler(routes(broker, lockTtl, false), token, broker.idle())));
    try {
      server.start();
    } catch (Exception e) {
      throw new IOException("cannot start the HTTP server: " + e.getMessage(), e);
    }
  }

  /** Every route of the API; {@code remote}: as served on a hub's network port. */
  static Map<String, Route> routes(Broker broker, Duration lockTtl, boolean remote) {
    Map<String, Route> routes = new HashMap<>();
    new StatusRoutes(broker).addTo(routes);
    new PeerRoutes(broker, remote).addTo(routes);
    new MessageRoutes(broker).addTo(routes);
    new StateRoutes(broker).addTo(routes);
    new LockRoutes(broker, lockTtl).addTo(routes);
    new EventRoutes(broker).addTo(routes);
    return routes;
  }

  private static void bindFirstFree(ServerConnector connector, int firstPort, int lastPort)
      throws IOException {
    for (int port = firstPort; port <= Math.max(firstPort, lastPort); port++) {
      connector.setPort(port);
      try {
        connector.open();
        return;
      } catch (IOException e) {
        if (!(e instanceof BindException) && !(e.getCause() instanceof BindException)) {
          throw e;
        }
        LOG.debug("Port {} is in use, trying the next", port);
      }
    }
    throw new IOException("No available port found in range " + firstPort + "-" + lastPort);
  }

  public int port() {
    return connector.getLocalPort();
  }

  /**
   * Stops accepting and closes open connections; bounded by Jetty's stop timeout. Before {@link
   * #serve}, only releases the bound port.
   */
  @Override
  public void close() {
    try {
      server.setStopTimeout(
          0); // every reply is already written; do not wait for idle keep-alive clients
      server.stop();
    } catch (Exception e) {
      LOG.warn("HTTP server did not stop cleanly: {}", e.toString());
    }
    connector.close(); // a server that never started does not close its bound channel when stopped
  }
}
