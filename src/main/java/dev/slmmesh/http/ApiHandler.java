package dev.slmmesh.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.broker.IdleMonitor;
import dev.slmmesh.wire.Answer;
import dev.slmmesh.wire.FlatJson;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.MeshRoute;
import dev.slmmesh.wire.MessageApi;
import dev.slmmesh.wire.WireText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP front of the broker (docs/wire.md): bearer auth compared in constant time (only {@code
 * /health} exempt, judged on the path without its query string), a 1 MiB body limit whose 413
 * reaches the client, JSON-object bodies, and routing on method plus path.
 */
final class ApiHandler extends Handler.Abstract {
  static final int MAX_BODY = 1_048_576;

  /** Larger bodies are not drained to deliver the 413; the connection is closed instead. */
  private static final long MAX_DRAIN = 64L * MAX_BODY;

  private final Map<String, Route> routes;
  private final Authorizer authorizer;
  private final Guard guard;
  private final IdleMonitor idle;

  /** {@code /health} without auth: on the local API (as the original); not on a hub's port. */
  private final boolean openHealth;

  /** Who may call: decided per request before routing. */
  @FunctionalInterface
  interface Authorizer {
    boolean authorized(Request request);
  }

  /** A check of the parsed body before its route runs; throws a BrokerException to refuse. */
  @FunctionalInterface
  interface Guard {
    void check(String routeKey, JsonBody body);
  }

  /** The local API: the bearer token of the data directory (none: no auth, for tests). */
  ApiHandler(Map<String, Route> routes, @Nullable String token, IdleMonitor idle) {
    this(InvocationType.NON_BLOCKING, routes, bearer(token), (key, body) -> {}, idle, true);
  }

  ApiHandler(
      InvocationType invocation,
      Map<String, Route> routes,
      Authorizer authorizer,
      Guard guard,
      IdleMonitor idle,
      boolean openHealth) {
    super(invocation);
    this.openHealth = openHealth;
    this.routes = Map.copyOf(routes);
    this.authorizer = authorizer;
    this.guard = guard;
    this.idle = idle;
  }

  private static Authorizer bearer(@Nullable String token) {
    if (token == null) {
      return request -> true;
    }
    byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    return request -> {
      String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
      byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
      return MessageDigest.isEqual(expected, given);
    };
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String method = request.getMethod().toUpperCase(java.util.Locale.ROOT);
    String path = request.getHttpURI().getPath();
    String key = method + " " + path;
    boolean open = openHealth && MeshRoute.isHealth(path);
    if (!open && !authorizer.authorized(request)) {
      return reply(response, callback, 401, new Answer.Refusal(WireText.UNAUTHORIZED), false);
    }
    if (!MeshRoute.isHealth(path)) {
      idle.touch();
    }
    Route route = routes.get(key);
    if (route == null) {
      return reply(response, callback, 404, new Answer.Refusal(WireText.UNKNOWN_ENDPOINT), false);
    }
    if (!"POST".equals(method)) {
      return serve(route, key, JsonBody.EMPTY, response, callback);
    }
    if (getInvocationType() != InvocationType.NON_BLOCKING) {
      return readAndServe(route, key, request, response, callback);
    }
    long declared = request.getLength();
    if (declared > MAX_BODY) {
      request
          .getComponents()
          .getExecutor()
          .execute(() -> TooLargeReply.send(request, response, callback));
      return true;
    }
    if (declared < 0) {
      // unknown length: read (or drain) it with blocking reads, off the selector thread
      request
          .getComponents()
          .getExecutor()
          .execute(() -> readAndServe(route, key, request, response, callback));
      return true;
    }
    Content.Source.asByteArrayAsync(
        request,
        MAX_BODY,
        Promise.Invocable.from(
            InvocationType.NON_BLOCKING,
            bytes -> {
              JsonBody body;
              try {
                body = parseBody(bytes);
              } catch (IOException e) {
                reply(response, callback, 400, new Answer.Refusal(WireText.INVALID_JSON), false);
                return;
              }
              serve(route, key, body, response, callback);
            },
            failure ->
                reply(response, callback, 400, new Answer.Refusal(WireText.INVALID_JSON), true)));
    return true;
  }

  private boolean readAndServe(
      Route route, String key, Request request, Response response, Callback callback) {
    if (request.getLength() > MAX_BODY) {
      TooLargeReply.send(request, response, callback);
      return true;
    }
    JsonBody body;
    try {
      body = readBody(request);
    } catch (TooLarge e) {
      return reply(response, callback, 413, new Answer.Refusal(WireText.BODY_TOO_LARGE), true);
    } catch (IOException e) {
      return reply(response, callback, 400, new Answer.Refusal(WireText.INVALID_JSON), false);
    }
    return serve(route, key, body, response, callback);
  }

  private boolean serve(
      Route route, String key, JsonBody body, Response response, Callback callback) {
    try {
      guard.check(key, body);
      return reply(response, callback, 200, route.handle(body), false);
    } catch (RuntimeException e) {
      ErrorMapper.Failure f = ErrorMapper.map(e, key);
      return reply(response, callback, f.status(), f.body(), false);
    }
  }

  static JsonBody readBody(Request request) throws IOException {
    long declared = request.getLength();
    try (InputStream in = Content.Source.asInputStream(request)) {
      if (declared > MAX_BODY) {
        drain(in);
        throw new TooLarge();
      }
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        drain(in);
        throw new TooLarge();
      }
      return parseBody(bytes);
    }
  }

  private static JsonBody parseBody(byte[] bytes) throws IOException {
    if (bytes.length == 0) {
      return JsonBody.EMPTY;
    }
    JsonNode node = parse(bytes);
    if (!(node instanceof ObjectNode)) {
      throw new IOException("body is not a JSON object");
    }
    return new JsonBody((ObjectNode) node);
  }

  private static JsonNode parse(byte[] bytes) throws IOException {
    try {
      JsonNode node = Json.MAPPER.readTree(bytes);
      if (node == null) {
        throw new IOException("empty JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IOException(e.getOriginalMessage(), e);
    }
  }

  /** Reads and discards the rest of an oversized body so the client is able to read our 413. */
  private static void drain(InputStream in) throws IOException {
    long total = 0;
    byte[] sink = new byte[65_536];
    int n;
    while (total < MAX_DRAIN && (n = in.read(sink)) >= 0) {
      total += n;
    }
  }

  static boolean reply(
      Response response, Callback callback, int status, Object body, boolean close) {
    byte[] bytes;
    try {
      bytes = json(body);
    } catch (JsonProcessingException e) {
      status = 500;
      bytes =
          ("{\"ok\":false,\"error\":\"" + WireText.INTERNAL + "\"}")
              .getBytes(StandardCharsets.UTF_8);
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    if (close) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    response.write(true, ByteBuffer.wrap(bytes), callback);
    return true;
  }

  /**
   * An answer's JSON: through Jackson's data binding, except the answer of a direct {@code /send}
   * (on every message's path), which is flat and written by hand, the same text.
   */
  static byte[] json(Object body) throws JsonProcessingException {
    if (body instanceof MessageApi.Sent sent
        && sent.messageIds() == null
        && sent.queueFull() == null) {
      Map<String, Object> flat = new LinkedHashMap<>();
      flat.put("ok", sent.ok());
      if (sent.messageId() != null) {
        flat.put("messageId", sent.messageId());
      }
      if (sent.held() != null) {
        flat.put("held", sent.held());
      }
      String text = FlatJson.object(flat);
      if (text != null) {
        return text.getBytes(StandardCharsets.UTF_8);
      }
    }
    return Json.MAPPER.writeValueAsBytes(body);
  }

  /** The body exceeded {@link #MAX_BODY}. */
  private static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("request body too large", null);
    }
  }
}
