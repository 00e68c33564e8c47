package dev.slmmesh.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** A small test client for the broker's HTTP API. */
public final class MeshHttp {
  public record Response(int status, String text) {
    public JsonNode json() {
      try {
        return Json.MAPPER.readTree(text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public boolean ok() {
      return json().path("ok").asBoolean(false);
    }

    public String error() {
      return json().path("error").asText();
    }
  }

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final @Nullable String token;

  public MeshHttp(int port, @Nullable String token) {
    this.base = "http://127.0.0.1:" + port;
    this.token = token;
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), token);
  }

  public Response post(String path, String body) {
    return post(path, body, token);
  }

  public Response post(String path, String body, @Nullable String withToken) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        withToken);
  }

  /** POSTs a JSON body built from alternating keys and values. */
  public Response call(String path, Object... kv) {
    com.fasterxml.jackson.databind.node.ObjectNode node = Json.MAPPER.createObjectNode();
    for (int i = 0; i < kv.length; i += 2) {
      node.set((String) kv[i], Json.MAPPER.valueToTree(kv[i + 1]));
    }
    return post(path, node.toString());
  }

  public Response send(HttpRequest.Builder request, @Nullable String withToken) {
    if (withToken != null) {
      request.header("Authorization", "Bearer " + withToken);
    }
    try {
      HttpResponse<String> r =
          client.send(
              request.timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
