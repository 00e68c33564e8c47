package dev.slmmesh.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.config.DataDir;
import dev.slmmesh.config.MachineIdentity;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.MeshRoute;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * HTTP client of the local broker (docs/wire.md), on {@link HttpURLConnection}: cheap to create in
 * a short-lived process, and it keeps connections alive. The port and token files are read once and
 * read again only when a request is refused (401) or cannot connect, not on every request.
 * Thread-safe.
 */
public final class BrokerClient {
  private static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

  private final DataDir files;
  private final int fallbackPort;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final AtomicInteger generation = new AtomicInteger();
  private volatile @Nullable BrokerAddress address;
  private @Nullable HubRoute hub;

  /**
   * @param fallbackPort used when the port file is missing or unreadable ({@code SLM_MESH_PORT})
   * @param readTimeout how long one request may take once connected
   */
  public BrokerClient(
      DataDir files, int fallbackPort, Duration connectTimeout, Duration readTimeout) {
    this.files = files;
    this.fallbackPort = fallbackPort;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
  }

  /** The same broker and files with other timeouts, e.g. a short one for a last unregister. */
  /**
   * A client in client role: every request goes to the hub behind {@code session} (docs/
   * multi-machine.md); registrations carry {@code machine}. No local broker is read or started.
   */
  public static BrokerClient viaHub(
      DataDir files, int fallbackPort, HubSession session, MachineIdentity machine) {
    BrokerClient client =
        new BrokerClient(files, fallbackPort, Duration.ofSeconds(5), Duration.ofSeconds(10));
    client.hub = new HubRoute(session, machine);
    return client;
  }

  /** The hub session of a client in client role. */
  public HubSession hubSession() {
    HubRoute via = hub;
    if (via == null) {
      throw new IllegalStateException("not in client role: this client talks to the local broker");
    }
    return via.session();
  }

  /** True when this client talks to a hub on another machine rather than a local broker. */
  public boolean viaHub() {
    return hub != null;
  }

  public BrokerClient withTimeouts(Duration connect, Duration read) {
    BrokerClient copy = new BrokerClient(files, fallbackPort, connect, read);
    copy.address = address;
    copy.hub = hub;
    return copy;
  }

  /** The address in use, reading the files the first time. */
  public BrokerAddress address() {
    BrokerAddress current = address;
    if (current == null) {
      current = refresh();
    }
    return current;
  }

  /** Reads the port and token files again (after a broker restart they change). */
  public BrokerAddress refresh() {
    BrokerAddress fresh = new BrokerAddress(readPort(), readToken());
    BrokerAddress before = address;
    address = fresh;
    if (before != null && !before.equals(fresh)) {
      generation.incrementAndGet();
    }
    return fresh;
  }

  /**
   * Counts the times the port or token files were found changed, or the client moved to another
   * listed hub: a new value means another broker instance answers now, which may not know this
   * client's peer.
   */
  public int generation() {
    HubRoute via = hub;
    // in client role, a move to another listed hub is a broker change too
    return generation.get() + (via == null ? 0 : via.session().moves());
  }

  /** {@code GET /health} on the current address: true iff a broker answers 2xx and has a token. */
  public boolean healthy() {
    HubRoute via = hub;
    if (via != null) {
      return via.healthy();
    }
    BrokerAddress at = refresh();
    if (!at.hasToken()) {
      return false;
    }
    try {
      return exchange(at, MeshRoute.HEALTH.method(), MeshRoute.HEALTH.path(), null).status / 100
          == 2;
    } catch (BrokerUnavailableException e) {
      return false;
    }
  }

  /** A GET route; the answer must be a JSON object. */
  public ObjectNode get(String path) {
    return parseObject("GET", path, text("GET", path, null));
  }

  /** A POST route with a JSON object body; application errors come back as {@code ok:false}. */
  public ObjectNode post(String path, JsonNode body) {
    return parseObject("POST", path, text("POST", path, toBytes(body)));
  }

  /**
   * A route's answer as text, unparsed, for callers that read it without Jackson's data binding
   * ({@link HttpMeshApi}); {@code body} is a JSON object's UTF-8 bytes. Fails as {@link #get} does
   * on a non-2xx status.
   */
  public String text(String method, String path, byte @Nullable [] body) {
    HubRoute via = hub;
    if (via != null) {
      try {
        return Json.write(via.call(method, path, body == null ? null : Json.MAPPER.readTree(body)));
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot re-read a JSON body we serialized", e);
      }
    }
    BrokerAddress at = address();
    Answer answer;
    try {
      answer = exchange(at, method, path, body);
      if (answer.status == 401 && !refresh().equals(at)) {
        answer = exchange(address(), method, path, body);
      }
    } catch (BrokerUnavailableException e) {
      if (!e.connectionFailed() || refresh().equals(at)) {
        throw e;
      }
      answer = exchange(address(), method, path, body);
    }
    if (answer.status / 100 != 2) {
      throw BrokerUnavailableException.status(
          "Broker request "
              + method
              + " "
              + path
              + " failed: "
              + answer.status
              + (answer.text.isEmpty() ? "" : " \u2014 " + answer.text),
          answer.status);
    }
    return answer.text;
  }

  private Answer exchange(BrokerAddress at, String method, String path, byte @Nullable [] body) {
    try {
      HttpURLConnection conn = (HttpURLConnection) new URL(at.baseUrl() + path).openConnection();
      conn.setConnectTimeout((int) connectTimeout.toMillis());
      conn.setReadTimeout((int) readTimeout.toMillis());
      conn.setUseCaches(false);
      conn.setRequestMethod(method);
      if (at.hasToken() && !MeshRoute.isHealth(path)) {
        conn.setRequestProperty("Authorization", "Bearer " + at.token());
      }
      if (body != null) {
        conn.setDoOutput(true);
        conn.setRequestProperty("Content-Type", "application/json");
        conn.setFixedLengthStreamingMode(body.length);
      }
      connect(conn, at);
      if (body != null) {
        try (OutputStream out = conn.getOutputStream()) {
          out.write(body);
        }
      }
      int status = conn.getResponseCode();
      InputStream in = status >= 400 ? conn.getErrorStream() : conn.getInputStream();
      return new Answer(status, in == null ? "" : readAll(in));
    } catch (SocketTimeoutException e) {
      // connected, then no answer in time: the request may have been carried out
      throw BrokerUnavailableException.other(
          "Broker request " + method + " " + path + " timed out (" + e.getMessage() + ")");
    } catch (IOException e) {
      // refused, reset or closed: in practice the broker process is gone (e.g. a stale
      // keep-alive connection to a broker that was killed)
      throw BrokerUnavailableException.unreachable(
          "Broker request " + method + " " + path + " failed: " + e, e);
    }
  }

  /** Connects first, so that "nobody listens" is told apart from "the request failed". */
  private static void connect(HttpURLConnection conn, BrokerAddress at) {
    try {
      conn.connect();
    } catch (IOException e) {
      throw BrokerUnavailableException.unreachable(
          "cannot connect to the broker at " + at.baseUrl() + " (" + e.getMessage() + ")", e);
    }
  }

  private static String readAll(InputStream in) throws IOException {
    try (in) {
      byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
      if (bytes.length > MAX_RESPONSE_BYTES) {
        throw new IOException("response larger than " + MAX_RESPONSE_BYTES + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static ObjectNode parseObject(String method, String path, String text) {
    try {
      JsonNode node = Json.MAPPER.readTree(text);
      if (node instanceof ObjectNode) {
        return (ObjectNode) node;
      }
    } catch (JsonProcessingException e) {
      // reported below with the offending text
    }
    throw BrokerUnavailableException.other(
        "Broker request "
            + method
            + " "
            + path
            + " returned no JSON object: "
            + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
  }

  private static byte[] toBytes(JsonNode body) {
    try {
      return Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a JSON tree", e);
    }
  }

  private int readPort() {
    String text = readSmallFile(files.port());
    if (text.isEmpty()) {
      return fallbackPort;
    }
    try {
      int port = Integer.parseInt(text);
      return port >= 1 && port <= 65535 ? port : fallbackPort;
    } catch (NumberFormatException e) {
      return fallbackPort;
    }
  }

  private String readToken() {
    return readSmallFile(files.token());
  }

  private static String readSmallFile(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      return bytes.length > 4096 ? "" : new String(bytes, StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      // unreadable counts as absent: the caller falls back (port) or sends no header (token)
      return "";
    }
  }

  private static final class Answer {
    final int status;
    final String text;

    Answer(int status, String text) {
      this.status = status;
      this.text = text;
    }
  }
}
