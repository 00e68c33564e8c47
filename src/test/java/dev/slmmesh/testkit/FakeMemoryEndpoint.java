package dev.slmmesh.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A fake SuperLocalMemory daemon on a free loopback port, with the routes the bridge uses: {@code
 * GET /health}, {@code POST /remember {"content"}} and {@code GET /recall?q=&limit=} (the
 * remembered texts containing {@code q}). {@link #stall} makes every answer wait until {@link
 * #close}; {@link #garbage} answers recall with text that is not JSON.
 */
public final class FakeMemoryEndpoint implements AutoCloseable {
  public final List<String> remembered = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean stall;
  private volatile boolean garbage;

  public FakeMemoryEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "fake-memory-endpoint");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public FakeMemoryEndpoint stall() {
    stall = true;
    return this;
  }

  public FakeMemoryEndpoint garbage() {
    garbage = true;
    return this;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (stall) {
        release.await(60, TimeUnit.SECONDS);
      }
      String path = ex.getRequestURI().getPath();
      if (path.equals("/health")) {
        reply(ex, 200, "{\"status\":\"ok\",\"engine\":\"initialized\"}");
      } else if (path.equals("/remember") && ex.getRequestMethod().equals("POST")) {
        JsonNode body = Json.MAPPER.readTree(ex.getRequestBody());
        remembered.add(body.path("content").asText());
        reply(ex, 200, "{\"fact_ids\":[\"f1\"],\"count\":1}");
      } else if (path.equals("/recall")) {
        if (garbage) {
          reply(ex, 200, "<html>not json</html>");
          return;
        }
        String q = query(ex.getRequestURI().getRawQuery(), "q");
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode results = answer.putArray("results");
        remembered.stream()
            .filter(t -> t.contains(q))
            .forEach(t -> results.addObject().put("content", t).put("score", 0.9));
        answer.put("count", results.size());
        reply(ex, 200, answer.toString());
      } else {
        reply(ex, 404, "{\"detail\":\"Not Found\"}");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String query(String raw, String name) {
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).equals(name)) {
          return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
    }
    return "";
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
  }
}
