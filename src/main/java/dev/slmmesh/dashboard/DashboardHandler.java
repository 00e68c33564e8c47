package dev.slmmesh.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.broker.Broker;
import dev.slmmesh.broker.BrokerException;
import dev.slmmesh.dashboard.Sessions.Session;
import dev.slmmesh.wire.Answer;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.WireText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;

/**
 * Serves {@code /dashboard} in front of the API (every other path goes on to it). Order of checks:
 * the {@code Host} header, then the bearer token (minting a login code) or a one-time code (logging
 * in) or the session cookie (everything else), and for a state-changing request also its {@code
 * Origin}, its JSON content type and the session's CSRF token in {@code X-CSRF-Token}. Runs on the
 * selector thread that read the request, except body reads.
 */
final class DashboardHandler extends Handler.Wrapper {
  static final String PREFIX = "/dashboard";
  static final String LOGIN = PREFIX + "/login";
  static final String LOGIN_CODE = PREFIX + "/api/login-code";
  static final String STREAM = PREFIX + "/api/stream";
  static final String OLDER = PREFIX + "/api/messages";
  static final String LOGOUT = PREFIX + "/api/logout";
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final int MAX_BODY = 1 << 20;
  static final int MAX_PAGE = 500;

  private final Broker broker;
  private final String bearer;
  private final WebGuard guard;
  private final LoginCodes codes;
  private final Sessions sessions;
  private final LiveFeed feed;
  private final Actions actions;
  private final Assets assets = new Assets();
  private final IntSupplier port;

  DashboardHandler(
      Broker broker,
      String token,
      IntSupplier port,
      LoginCodes codes,
      Sessions sessions,
      LiveFeed feed) {
    this.broker = broker;
    this.bearer = "Bearer " + token;
    this.guard = new WebGuard(port);
    this.codes = codes;
    this.sessions = sessions;
    this.feed = feed;
    this.actions = new Actions(broker);
    this.port = port;
  }

  /** The cookie's name carries the port: brokers of several users on one host keep theirs apart. */
  String cookieName() {
    return "slm_mesh_dashboard_" + port.getAsInt();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
      return super.handle(request, response, callback);
    }
    WebGuard.secure(response.getHeaders());
    String host = request.getHeaders().get(HttpHeader.HOST);
    if (!guard.hostAllowed(host)) {
      return page(
          response,
          callback,
          421,
          "Refused: wrong Host header. Open the dashboard at the"
              + " address slm-mesh dashboard prints (127.0.0.1, localhost or [::1] with the broker's port).");
    }
    broker.idle().touch();
    boolean post = "POST".equals(request.getMethod());
    if (post && path.equals(LOGIN_CODE)) {
      return loginCode(request, response, callback, host);
    }
    if (!post && path.equals(LOGIN)) {
      return login(request, response, callback);
    }
    Optional<Session> session = sessions.find(cookie(request));
    if (session.isEmpty()) {
      return notLoggedIn(path, response, callback);
    }
    if (post) {
      return change(request, response, callback, host, session.get());
    }
    if (path.equals(PREFIX)) {
      response.setStatus(303);
      response.getHeaders().put(HttpHeader.LOCATION, PREFIX + "/");
      callback.succeeded();
      return true;
    }
    if (path.equals(STREAM)) {
      return stream(response, callback, session.get());
    }
    if (path.equals(OLDER)) {
      return older(request, response, callback);
    }
    Optional<Assets.Asset> asset = assets.find(path);
    if (asset.isEmpty()) {
      return json(response, callback, 404, new Answer.Refusal("no such dashboard page: " + path));
    }
    return send(response, callback, 200, asset.get().type(), asset.get().bytes());
  }

  private boolean loginCode(Request request, Response response, Callback callback, String host) {
    if (!Secrets.same(bearer, request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
      return json(response, callback, 401, new Answer.Refusal(WireText.UNAUTHORIZED));
    }
    String url = "http://" + host + LOGIN + "?code=" + codes.mint();
    return json(response, callback, 200, new Bodies.LoginLink(url, LoginCodes.TTL.toSeconds()));
  }

  private boolean login(Request request, Response response, Callback callback) {
    Fields query = Request.extractQueryParameters(request);
    if (!codes.redeem(query.getValue("code"))) {
      return page(
          response,
          callback,
          403,
          "This login link is not valid: it was used already, it expired"
              + " (links last "
              + LoginCodes.TTL.toMinutes()
              + " minutes) or it was mistyped."
              + " Run slm-mesh dashboard for a fresh one.");
    }
    Session s = sessions.open();
    response
        .getHeaders()
        .add(
            HttpHeader.SET_COOKIE,
            cookieName()
                + "="
                + s.id()
                + "; Path="
                + PREFIX
                + "; HttpOnly; SameSite=Strict; Max-Age="
                + Sessions.LIFETIME.toSeconds());
    response.setStatus(303);
    response.getHeaders().put(HttpHeader.LOCATION, PREFIX + "/");
    callback.succeeded();
    return true;
  }

  private @Nullable String cookie(Request request) {
    String name = cookieName();
    for (HttpCookie c : Request.getCookies(request)) {
      if (c.getName().equals(name)) {
        return c.getValue();
      }
    }
    return null;
  }

  private boolean notLoggedIn(String path, Response response, Callback callback) {
    String why =
        "Not logged in (or the session ended). Run slm-mesh dashboard and open the link it prints.";
    if (path.startsWith(PREFIX + "/api/")) {
      return json(response, callback, 401, new Answer.Refusal(why));
    }
    return page(response, callback, 401, why);
  }

  private boolean stream(Response response, Callback callback, Session session) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    String hello =
        Json.write(
            new Bodies.Hello(
                session.csrf(), Actions.PERSON, broker.peers().machine().name(), LiveFeed.WINDOW));
    feed.open(new SseStream(response, callback, feed::closed), session.id(), hello);
    return true;
  }

  private boolean older(Request request, Response response, Callback callback) {
    Fields query = Request.extractQueryParameters(request);
    String before = query.getValue("before");
    int limit;
    try {
      limit = Integer.parseInt(Optional.ofNullable(query.getValue("limit")).orElse("100"));
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (before == null || before.isEmpty() || limit < 1 || limit > MAX_PAGE) {
      return json(
          response,
          callback,
          400,
          new Answer.Refusal("before (a message id) and limit (1-" + MAX_PAGE + ") are required"));
    }
    var rows = broker.mailbox().timeline(before, limit);
    return json(
        response,
        callback,
        200,
        new Bodies.Older(Views.array(rows, Views::message), rows.size() == limit));
  }

  /**
   * A state-changing request: origin, content type and CSRF token, then the body off the selector.
   */
  private boolean change(
      Request request, Response response, Callback callback, String host, Session session) {
    String path = request.getHttpURI().getPath();
    if (!WebGuard.sameOrigin(request.getHeaders().get(HttpHeader.ORIGIN), host)) {
      return json(
          response,
          callback,
          403,
          new Answer.Refusal(
              "Refused: the request did not come from the dashboard's own page (Origin)"));
    }
    if (!Secrets.same(session.csrf(), request.getHeaders().get(CSRF_HEADER))) {
      return json(
          response,
          callback,
          403,
          new Answer.Refusal("Refused: missing or wrong " + CSRF_HEADER + " header"));
    }
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      return json(
          response,
          callback,
          415,
          new Answer.Refusal("Refused: the body must be application/json"));
    }
    if (path.equals(LOGOUT)) {
      sessions.close(session.id());
      feed.closeSession(session.id());
      response
          .getHeaders()
          .add(
              HttpHeader.SET_COOKIE,
              cookieName() + "=; Path=" + PREFIX + "; HttpOnly; SameSite=Strict; Max-Age=0");
      return json(response, callback, 200, Answer.Ok.INSTANCE);
    }
    if (!actions.handles(path)) {
      return json(response, callback, 404, new Answer.Refusal("no such dashboard action: " + path));
    }
    request.getComponents().getExecutor().execute(() -> act(path, request, response, callback));
    return true;
  }

  private void act(String path, Request request, Response response, Callback callback) {
    JsonNode body;
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        json(
            response,
            callback,
            413,
            new Answer.Refusal("the body is larger than " + MAX_BODY + " bytes"));
        return;
      }
      body = Json.MAPPER.readTree(bytes);
    } catch (IOException e) {
      json(response, callback, 400, new Answer.Refusal("the body must be a JSON object"));
      return;
    }
    if (body == null || !body.isObject()) {
      json(response, callback, 400, new Answer.Refusal("the body must be a JSON object"));
      return;
    }
    try {
      json(response, callback, 200, actions.run(path, body));
    } catch (BrokerException e) {
      json(
          response,
          callback,
          e.status() == 200 ? 400 : e.status(),
          new Answer.Refusal(e.getMessage()));
    }
  }

  private static boolean json(Response response, Callback callback, int status, Object reply) {
    return send(
        response,
        callback,
        status,
        "application/json",
        Json.write(reply).getBytes(StandardCharsets.UTF_8));
  }

  /** A plain page for a person who followed a link: text only, so nothing in it can run. */
  private static boolean page(Response response, Callback callback, int status, String text) {
    String html =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>SLM Mesh dashboard</title>"
            + "</head><body><h1>SLM Mesh dashboard</h1><p>"
            + text
            + "</p></body></html>";
    return send(
        response,
        callback,
        status,
        "text/html; charset=utf-8",
        html.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean send(
      Response response, Callback callback, int status, String type, byte[] bytes) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
    return true;
  }
}
