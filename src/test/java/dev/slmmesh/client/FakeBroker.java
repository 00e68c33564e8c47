package dev.slmmesh.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slmmesh.wire.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A stand-in broker for client and MCP tests: the HTTP routes of docs/wire.md plus our extensions,
 * with an in-memory peer table and inbox, bearer-token auth, request recording, per-route
 * overrides, and push over the peers' Unix sockets (NDJSON, acks recorded). Writes the port and
 * token files into the data directory like the real broker.
 */
public final class FakeBroker implements AutoCloseable {
  /** One recorded request. */
  public record Request(String method, String path, JsonNode body) {}

  /** An inbox entry. */
  record Mail(String id, String from, String to, String type, String text, String at,
      boolean read) {}

  private final Path dataDir;
  private final HttpServer server;
  private final String token;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, UnaryOperator<ObjectNode>> overrides = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> peers = new ConcurrentHashMap<>();
  private final List<Mail> mail = new CopyOnWriteArrayList<>();
  private final Map<String, SocketChannel> links = new ConcurrentHashMap<>();
  private final List<String> acks = new CopyOnWriteArrayList<>();

  private FakeBroker(Path dataDir, HttpServer server, String token) {
    this.dataDir = dataDir;
    this.server = server;
    this.token = token;
  }

  /** Starts on an ephemeral port and writes {@code port} and {@code broker.token}. */
  public static FakeBroker start(Path dataDir) throws IOException {
    return start(dataDir, 0);
  }

  public static FakeBroker start(Path dataDir, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    String token = UUID.randomUUID().toString().replace("-", "")
        + UUID.randomUUID().toString().replace("-", "");
    FakeBroker broker = new FakeBroker(dataDir, server, token);
    server.createContext("/", broker::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    Files.createDirectories(dataDir);
    Files.writeString(dataDir.resolve("port"), Integer.toString(broker.port()));
    Files.writeString(dataDir.resolve("broker.token"), token);
    return broker;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String token() {
    return token;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).collect(Collectors.toList());
  }

  /** Answers {@code path} with {@code handler(body)} instead of the built-in behaviour. */
  public void override(String path, UnaryOperator<ObjectNode> handler) {
    overrides.put(path, handler);
  }

  public Map<String, ObjectNode> peers() {
    return Map.copyOf(peers);
  }

  /** Every ack line the peers wrote back on their push sockets. */
  public List<String> acks() {
    return List.copyOf(acks);
  }

  /** Writes one raw line to the peer's push socket (connecting first). */
  public void pushLine(String peerId, String line) throws IOException {
    SocketChannel link = link(peerId);
    ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    synchronized (link) {
      while (bytes.hasRemaining()) {
        link.write(bytes);
      }
    }
  }

  /** Adds a peer without a push socket (another agent); returns its id. */
  public String addPeer(String name) {
    String id = UUID.randomUUID().toString();
    ObjectNode peer = Json.MAPPER.createObjectNode();
    peer.put("id", id);
    peer.put("name", name);
    peer.put("credential", "c-" + id);
    peers.put(id, peer);
    return id;
  }

  /** Stores a message for {@code to} and pushes it; returns the message id. */
  public String deliver(String from, String fromName, String to, String text) throws IOException {
    String id = UUID.randomUUID().toString();
    String at = Instant.now().toString();
    mail.add(new Mail(id, from, to, "text", text, at, false));
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("type", "message");
    ObjectNode p = n.putObject("payload");
    p.put("messageId", id);
    p.put("fromPeer", from);
    p.put("text", text);
    p.put("messageType", "text");
    p.put("fromName", fromName);
    n.put("timestamp", at);
    if (peers.get(to) != null && peers.get(to).hasNonNull("udsPath")) {
      pushLine(to, Json.write(n));
    }
    return id;
  }

  public boolean isRead(String messageId) {
    return mail.stream().anyMatch(m -> m.id().equals(messageId) && m.read());
  }

  private SocketChannel link(String peerId) throws IOException {
    SocketChannel existing = links.get(peerId);
    if (existing != null && existing.isOpen()) {
      return existing;
    }
    String path = peers.get(peerId).get("udsPath").asText();
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    ch.connect(UnixDomainSocketAddress.of(path));
    links.put(peerId, ch);
    Thread reader = new Thread(() -> readAcks(ch), "fake-broker-acks");
    reader.setDaemon(true);
    reader.start();
    return ch;
  }

  private void readAcks(SocketChannel ch) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        Channels.newInputStream(new ReadOnly(ch)), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        acks.add(line);
      }
    } catch (IOException e) {
      // the peer closed its socket: no more acks
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      JsonNode body = Json.MAPPER.createObjectNode();
      byte[] raw = ex.getRequestBody().readAllBytes();
      if (raw.length > 0) {
        body = Json.MAPPER.readTree(raw);
      }
      requests.add(new Request(ex.getRequestMethod(), path, body));
      if (!path.equals("/health")
          && !("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        send(ex, 401, error("Unauthorized \u2014 invalid or missing bearer token"));
        return;
      }
      UnaryOperator<ObjectNode> override = overrides.get(path);
      ObjectNode answer = override != null ? override.apply((ObjectNode) body)
          : route(path, (ObjectNode) body);
      if (answer == null) {
        send(ex, 404, error("Unknown endpoint"));
      } else {
        send(ex, 200, answer);
      }
    }
  }

  private ObjectNode route(String path, ObjectNode body) throws IOException {
    switch (path) {
      case "/health":
        return Json.MAPPER.createObjectNode().put("status", "ok").put("version", "1.2.2")
            .put("uptime", 1);
      case "/status":
        ObjectNode s = Json.MAPPER.createObjectNode().put("status", "ok").put("version", "1.2.2")
            .put("uptime", 1);
        s.putObject("peers").put("active", peers.size());
        return s;
      case "/register":
        return register(body);
      default:
        return peerScoped(path, body);
    }
  }

  private ObjectNode register(ObjectNode body) {
    String old = body.path("peerId").asText("");
    ObjectNode existing = peers.get(old);
    boolean reclaim = existing != null
        && existing.path("credential").asText().equals(body.path("credential").asText());
    String id = reclaim ? old : UUID.randomUUID().toString();
    String credential = reclaim ? existing.path("credential").asText()
        : UUID.randomUUID().toString().replace("-", "");
    ObjectNode peer = body.deepCopy();
    peer.put("id", id);
    peer.put("name", body.hasNonNull("name") ? body.get("name").asText()
        : "peer-" + id.substring(0, 6));
    peer.put("credential", credential);
    peer.remove("peerId");
    peers.put(id, peer);
    ObjectNode answer = ok().put("peerId", id).put("name", peer.get("name").asText());
    if (!reclaim) {
      answer.put("credential", credential);
    }
    return answer;
  }

  private static final java.util.Set<String> PEER_ROUTES = java.util.Set.of("/unregister",
      "/heartbeat", "/summary", "/peers", "/send", "/messages", "/messages/read", "/state",
      "/lock", "/events");

  private ObjectNode peerScoped(String path, ObjectNode body) throws IOException {
    if (!PEER_ROUTES.contains(path)) {
      return null;
    }
    String self = path.equals("/send") ? body.path("fromPeer").asText()
        : body.path("peerId").asText();
    ObjectNode peer = peers.get(self);
    if (peer == null && !path.equals("/peers")) {
      return error("Peer not found");
    }
    if (peer != null && !peer.path("credential").asText()
        .equals(body.path("credential").asText())) {
      return error("Invalid or missing credential for peer " + self);
    }
    switch (path) {
      case "/unregister":
        peers.remove(self);
        return ok();
      case "/heartbeat":
      case "/summary":
        body.fields().forEachRemaining(f -> peer.set(f.getKey(), f.getValue()));
        return ok();
      case "/peers":
        return listPeers(body.path("excludeId").asText(""));
      case "/send":
        return sendMessage(peer, body);
      case "/messages":
        return inbox(self);
      case "/messages/read":
        return markRead(self, body.path("messageIds"));
      case "/state":
      case "/lock":
      case "/events":
        ObjectNode echo = ok();
        echo.set("request", body);
        return echo;
      default:
        return null;
    }
  }

  private ObjectNode listPeers(String exclude) {
    ObjectNode answer = ok();
    ArrayNode list = answer.putArray("peers");
    peers.values().stream().filter(p -> !p.get("id").asText().equals(exclude)).forEach(p -> {
      ObjectNode copy = p.deepCopy();
      copy.remove("credential");
      list.add(copy);
    });
    return answer;
  }

  private ObjectNode sendMessage(ObjectNode from, ObjectNode body) throws IOException {
    String to = body.path("toPeer").asText();
    if (!peers.containsKey(to)) {
      return error("Peer not found or inactive");
    }
    String id = deliver(from.get("id").asText(), from.get("name").asText(), to,
        body.path("payload").asText());
    return ok().put("messageId", id);
  }

  private ObjectNode inbox(String self) {
    ObjectNode answer = ok();
    ArrayNode list = answer.putArray("messages");
    for (int i = 0; i < mail.size(); i++) {
      Mail m = mail.get(i);
      if (m.to().equals(self) && !m.read()) {
        list.addObject().put("id", m.id()).put("fromPeer", m.from()).put("toPeer", m.to())
            .put("type", m.type()).put("payload", m.text()).put("createdAt", m.at())
            .putNull("readAt").put("delivered", true).put("status", "delivered");
        mail.set(i, new Mail(m.id(), m.from(), m.to(), m.type(), m.text(), m.at(), true));
      }
    }
    return answer;
  }

  private ObjectNode markRead(String self, JsonNode ids) {
    List<String> wanted = new ArrayList<>();
    ids.forEach(i -> wanted.add(i.asText()));
    int marked = 0;
    for (int i = 0; i < mail.size(); i++) {
      Mail m = mail.get(i);
      if (m.to().equals(self) && !m.read() && wanted.contains(m.id())) {
        mail.set(i, new Mail(m.id(), m.from(), m.to(), m.type(), m.text(), m.at(), true));
        marked++;
      }
    }
    return ok().put("marked", marked);
  }

  private static ObjectNode ok() {
    return Json.MAPPER.createObjectNode().put("ok", true);
  }

  private static ObjectNode error(String text) {
    return Json.MAPPER.createObjectNode().put("ok", false).put("error", text);
  }

  private static void send(HttpExchange ex, int status, ObjectNode body) throws IOException {
    byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops serving, closes the push links and removes the port and token files. */
  @Override
  public void close() throws IOException {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    for (SocketChannel ch : links.values()) {
      ch.close();
    }
    Files.deleteIfExists(dataDir.resolve("port"));
    Files.deleteIfExists(dataDir.resolve("broker.token"));
  }

  /** Reads without the channel's blocking lock, so writes on the same channel never wait. */
  private static final class ReadOnly implements java.nio.channels.ReadableByteChannel {
    private final SocketChannel ch;

    ReadOnly(SocketChannel ch) {
      this.ch = ch;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return ch.read(dst);
    }

    @Override
    public boolean isOpen() {
      return ch.isOpen();
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }
}
