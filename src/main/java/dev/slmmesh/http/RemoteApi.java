package dev.slmmesh.http;

import dev.slmmesh.broker.Broker;
import dev.slmmesh.broker.BrokerException;
import dev.slmmesh.push.WsPushHub;
import dev.slmmesh.wire.Answer;
import dev.slmmesh.wire.HubProof;
import java.io.IOException;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hub's network port (docs/multi-machine.md): TLS only, with the certificate of {@link HubTls}.
 * {@code POST /mesh/auth} runs the shared-secret handshake; every other request needs the session
 * token it returns, the same API routes as the local port answer them, and every peer-scoped action
 * needs the acting peer's credential; {@code /mesh/push} upgrades to the push WebSocket.
 */
public final class RemoteApi implements AutoCloseable {
  static final Duration WS_IDLE = Duration.ofMinutes(2);
  private static final Logger LOG = LoggerFactory.getLogger(RemoteApi.class);

  private final Server server;
  private final ServerConnector connector;
  private final WsPushHub push;

  private RemoteApi(Server server, ServerConnector connector, WsPushHub push) {
    this.server = server;
    this.connector = connector;
    this.push = push;
  }

  /** Binds {@code host:port} (0: ephemeral) and serves until closed. */
  public static RemoteApi start(
      Broker broker,
      HubTls tls,
      HubAuth auth,
      WsPushHub push,
      String host,
      int port,
      Duration lockTtl)
      throws IOException {
    QueuedThreadPool pool = new QueuedThreadPool(24, 2, 60_000);
    pool.setName("hub-net");
    pool.setDaemon(true);
    Server server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // clients pin the certificate and may dial an IP address: no host name to check
    secure.setSniHostCheck(false);
    http.addCustomizer(secure);
    ServerConnector connector =
        new ServerConnector(
            server,
            1,
            1,
            new SslConnectionFactory(tls.sslContextFactory(), "http/1.1"),
            new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(WS_IDLE.toMillis());
    server.addConnector(connector);
    HttpApi.limitConnections(server, connector);
    ApiHandler api =
        new ApiHandler(
            InvocationType.BLOCKING,
            HttpApi.routes(broker, lockTtl, true),
            request -> auth.admits(request.getHeaders().get(HttpHeader.AUTHORIZATION)),
            new RemoteGuard(broker.credentials()),
            broker.idle(),
            false);
    WebSocketUpgradeHandler ws =
        WebSocketUpgradeHandler.from(
            server,
            container -> {
              container.setIdleTimeout(WS_IDLE);
              container.setMaxTextMessageSize(ApiHandler.MAX_BODY);
              container.addMapping(
                  HubProof.PUSH_PATH,
                  (req, resp, cb) -> {
                    if (!auth.admits(req.getHeaders().get(HttpHeader.AUTHORIZATION))) {
                      Response.writeError(
                          req, resp, cb, 401, "authenticate at " + HubProof.AUTH_PATH + " first");
                      return null;
                    }
                    return new WsEndpoint(push, broker);
                  });
            });
    ws.setHandler(new AuthFront(auth, api));
    server.setHandler(ws);
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception stop) {
        e.addSuppressed(stop);
      }
      throw new IOException(
          "cannot listen for remote peers on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    LOG.info(
        "Hub listening for remote peers on {}:{} (TLS, certificate SHA-256 {})",
        host,
        connector.getLocalPort(),
        tls.fingerprint());
    return new RemoteApi(server, connector, push);
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** Tells remote peers {@code shutdown} first, then stops the port (bounded). */
  @Override
  public void close() {
    push.close();
    try {
      server.setStopTimeout(2_000);
      server.stop();
    } catch (Exception e) {
      LOG.warn("Hub network port did not stop cleanly: {}", e.toString());
    }
  }

  /** Serves the handshake itself; everything else goes on to the API. */
  private static final class AuthFront extends Handler.Wrapper {
    private final HubAuth auth;

    AuthFront(HubAuth auth, Handler api) {
      super(api);
      this.auth = auth;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      if (!HubProof.AUTH_PATH.equals(request.getHttpURI().getPath())) {
        return super.handle(request, response, callback);
      }
      if (!"POST".equals(request.getMethod())) {
        return ApiHandler.reply(
            response, callback, 405, new Answer.Refusal("use POST " + HubProof.AUTH_PATH), false);
      }
      try {
        JsonBody body = ApiHandler.readBody(request);
        return ApiHandler.reply(
            response,
            callback,
            200,
            auth.authenticate(Request.getRemoteAddr(request), body),
            false);
      } catch (BrokerException e) {
        return ApiHandler.reply(
            response, callback, e.status(), new Answer.Refusal(e.getMessage()), false);
      } catch (IOException e) {
        return ApiHandler.reply(
            response, callback, 400, new Answer.Refusal("the body must be a JSON object"), false);
      }
    }
  }
}
