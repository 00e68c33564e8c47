package dev.slmmesh.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.config.MemorySettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SuperLocalMemory through the HTTP routes of its daemon ({@code slm serve}, port 8765): {@code
 * POST /remember} with {@code {"content": ...}}, {@code GET /recall?q=...&limit=...} answering
 * {@code {"results": [{"content": ...}, ...]}}, and {@code GET /health}.
 */
final class HttpBridge implements MemoryBridge {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_TEXT = 2000;

  private final URI base;
  private final String setting;
  private final Duration timeout;
  private final HttpClient http;

  HttpBridge(URI base, String setting, Duration timeout) {
    this.base = base;
    this.setting = setting;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Parses the endpoint given in {@code setting}: {@code http(s)://host[:port][/prefix]}.
   *
   * @throws MemoryException naming the setting for a bad scheme or a missing host
   */
  static URI parse(String text, String setting) throws MemoryException {
    URI uri;
    try {
      uri = URI.create(text.trim());
    } catch (IllegalArgumentException e) {
      throw new MemoryException(setting + " is not a URL: \"" + text + "\"; use http://host:8765");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new MemoryException(
          setting
              + " must be http://host:port (a SuperLocalMemory endpoint), got \""
              + text
              + "\"");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new MemoryException(setting + " has no host: \"" + text + "\"; use http://host:8765");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    return URI.create(scheme + "://" + uri.getRawAuthority() + path);
  }

  @Override
  public String describe() {
    return base.toString();
  }

  @Override
  public String setting() {
    return setting;
  }

  /** True when the endpoint answers {@code /health} like SuperLocalMemory's daemon. */
  boolean healthy() {
    try {
      JsonNode body = JSON.readTree(send(HttpRequest.newBuilder(at("/health")).GET(), "health"));
      return "ok".equals(body.path("status").asText(""));
    } catch (MemoryException | JsonProcessingException e) {
      return false;
    }
  }

  @Override
  public void remember(String text) throws MemoryException {
    ObjectNode body = JSON.createObjectNode().put("content", text);
    body.putArray("tags").add("slm-mesh");
    send(
        HttpRequest.newBuilder(at("/remember"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
        "remember");
  }

  @Override
  public List<String> recall(String query, int limit) throws MemoryException {
    String q = URLEncoder.encode(query, StandardCharsets.UTF_8);
    String answer =
        send(HttpRequest.newBuilder(at("/recall?q=" + q + "&limit=" + limit)).GET(), "recall");
    JsonNode results;
    try {
      results = JSON.readTree(answer).get("results");
    } catch (JsonProcessingException e) {
      results = null;
    }
    if (results == null || !results.isArray()) {
      throw fail(
          "recall",
          "answered with something that is not SuperLocalMemory's recall JSON"
              + " ({\"results\":[...]})");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode r : results) {
      String content = r.isTextual() ? r.asText() : r.path("content").asText("");
      if (!content.isBlank() && out.size() < limit) {
        out.add(
            content.length() > MAX_TEXT ? content.substring(0, MAX_TEXT) + "…" : content.strip());
      }
    }
    return out;
  }

  private URI at(String pathAndQuery) {
    return URI.create(base + pathAndQuery);
  }

  private String send(HttpRequest.Builder request, String what) throws MemoryException {
    HttpResponse<String> response;
    try {
      response = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw fail(what, "did not answer within " + timeout.toMillis() + " ms");
    } catch (ConnectException e) {
      throw fail(what, "refused the connection (is `slm serve` running there?)");
    } catch (IOException e) {
      throw fail(what, "could not be reached (" + e + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail(what, "was interrupted");
    }
    if (response.statusCode() / 100 != 2) {
      throw fail(what, "answered HTTP " + response.statusCode());
    }
    return response.body();
  }

  private MemoryException fail(String what, String problem) {
    return new MemoryException(
        "SuperLocalMemory at "
            + base
            + " ("
            + setting
            + "): "
            + what
            + " failed: "
            + problem
            + "; check "
            + setting
            + ", or turn the bridge off with "
            + MemorySettings.MODE
            + "=off");
  }
}
