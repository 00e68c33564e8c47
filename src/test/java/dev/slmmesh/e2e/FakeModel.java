package dev.slmmesh.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A vendor's model API as a client sees it, on 127.0.0.1: it answers each request of the agent loop
 * (one that offers the mesh tools) with the next scripted {@link Turn}, answers anything else
 * (titles, routing, checks) with a short text, and records every request, so that a test can assert
 * on exactly what the model was shown. Subclasses speak one vendor's wire format.
 */
abstract class FakeModel implements AutoCloseable {
  /** What the model does on one turn of the agent loop; {@code before} runs before it answers. */
  record Turn(String tool, String arguments, String text, Runnable before) {
    static Turn call(String tool, String argumentsJson) {
      return new Turn(tool, argumentsJson, "", () -> {});
    }

    static Turn say(String text) {
      return new Turn("", "{}", text, () -> {});
    }

    Turn after(Runnable action) {
      return new Turn(tool, arguments, text, action);
    }

    boolean isCall() {
      return !tool.isEmpty();
    }
  }

  /** One request as the client sent it. */
  record Request(String method, String path, JsonNode body, boolean agentLoop) {}

  /** Texts longer than this are cut in the transcript (system prompts are tens of kilobytes). */
  private static final int MAX_SHOWN = 3000;

  private final HttpServer server;
  private final ExecutorService threads =
      Executors.newFixedThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "fake-model");
            t.setDaemon(true);
            return t;
          });
  private final Deque<Turn> script = new ArrayDeque<>();
  private final List<Request> requests = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  FakeModel() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(threads);
    server.createContext("/", this::exchange);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Appends turns to the script of the agent loop. */
  synchronized FakeModel script(Turn... turns) {
    script.addAll(List.of(turns));
    return this;
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The requests of the agent loop, in order: what the model was shown at each step. */
  synchronized List<Request> loop() {
    return requests.stream().filter(Request::agentLoop).toList();
  }

  /** The last request of the agent loop: the whole context the model ended with. */
  String lastContext() {
    List<Request> loop = loop();
    return loop.isEmpty() ? "" : loop.get(loop.size() - 1).body().toString();
  }

  /**
   * Everything the client sent, for a failure message: each request the model would have seen, with
   * its tool definitions shortened to their names and long texts (system prompts) cut.
   */
  synchronized String transcript() {
    StringBuilder sb =
        new StringBuilder("--- requests to the fake model (" + requests.size() + ") ---\n");
    for (int i = 0; i < requests.size(); i++) {
      Request r = requests.get(i);
      JsonNode shown = shorten(r.body().deepCopy());
      if (shown instanceof ObjectNode o && o.has("tools")) {
        o.set("tools", Json.MAPPER.valueToTree(toolNames(r.body())));
      }
      sb.append('#')
          .append(i)
          .append(' ')
          .append(r.method())
          .append(' ')
          .append(r.path())
          .append(r.agentLoop() ? " [agent loop]" : "")
          .append('\n')
          .append(shown.toPrettyString())
          .append('\n');
    }
    failures.forEach(f -> sb.append("FAILURE: ").append(f).append('\n'));
    return sb.toString();
  }

  private static JsonNode shorten(JsonNode node) {
    if (node.isTextual() && node.asText().length() > MAX_SHOWN) {
      String t = node.asText();
      return Json.MAPPER
          .getNodeFactory()
          .textNode(
              t.substring(0, MAX_SHOWN / 2)
                  + " [... "
                  + (t.length() - MAX_SHOWN)
                  + " characters ...] "
                  + t.substring(t.length() - MAX_SHOWN / 2));
    }
    if (node instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      names.forEach(f -> o.set(f, shorten(o.get(f))));
    } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, shorten(a.get(i)));
      }
    }
    return node;
  }

  /** The names of the tools the request offers the model. */
  abstract List<String> toolNames(JsonNode body);

  /** Writes the answer to a request of the agent loop: a call of {@code tool} or a text. */
  abstract void answer(HttpExchange ex, JsonNode body, Turn turn, String tool) throws IOException;

  /** Writes a plain text answer to any other request. */
  abstract void answerText(HttpExchange ex, JsonNode body, String text) throws IOException;

  private void exchange(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] raw = ex.getRequestBody().readAllBytes();
      JsonNode body = raw.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(raw);
      boolean loop = toolNames(body).stream().anyMatch(n -> n.endsWith("mesh_status"));
      Turn next;
      synchronized (this) {
        requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), body, loop));
        next = loop ? script.poll() : null;
      }
      if (!loop) {
        answerText(ex, body, "{\"next_speaker\":\"user\",\"reasoning\":\"done\"}");
        return;
      }
      Turn turn = next == null ? Turn.say("(the script has ended)") : next;
      turn.before().run();
      if (!turn.isCall()) {
        answer(ex, body, turn, "");
        return;
      }
      Optional<String> tool =
          toolNames(body).stream().filter(n -> n.endsWith(turn.tool())).findFirst();
      if (tool.isEmpty()) {
        fail("the request offers no tool named *" + turn.tool());
        answer(ex, body, Turn.say("no tool " + turn.tool()), "");
      } else {
        answer(ex, body, turn, tool.get());
      }
    } catch (IOException | RuntimeException | Error e) {
      fail(ex.getRequestURI() + ": " + e);
      throw e;
    }
  }

  private synchronized void fail(String what) {
    failures.add(what);
  }

  synchronized List<String> failures() {
    return List.copyOf(failures);
  }

  static ObjectNode object() {
    return Json.MAPPER.createObjectNode();
  }

  static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + json, e);
    }
  }

  /** A whole response at once. */
  static void send(HttpExchange ex, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Server-sent events, each {@code [event name or null, JSON data]}. */
  static void sendEvents(HttpExchange ex, List<String[]> events) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String[] e : events) {
      if (e[0] != null) {
        sb.append("event: ").append(e[0]).append('\n');
      }
      sb.append("data: ").append(e[1]).append("\n\n");
    }
    send(ex, "text/event-stream", sb.toString());
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
