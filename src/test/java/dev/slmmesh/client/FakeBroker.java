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
 * with an in-memory peer table and inbox (state, locks and events in {@link FakeTables}),
 * bearer-token auth, request recording, per-route overrides, and push over the peers' Unix sockets
 * (NDJSON, acks recorded). Writes the port and token files into the data directory like the real
 * broker. {@link FakeBrokerContractTest} holds it to the real broker's answers.
 */
public final class FakeBroker implements AutoCloseable {
  /** One recorded request. */
  public record Request(String method, String path, JsonNode body) {}

  /** An inbox entry; {@code readAt} null while unread. */
  record Mail(
      String id,
      String from,
      String fromName,
      String to,
      String type,
      String text,
      String at,
      String readAt) {
    Mail read(String at) {
      return new Mail(id, from, fromName, to, type, text, this.at, at);
    }
  }

  private final Path dataDir;
  private final HttpServer server;
  private final String token;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, UnaryOperator<ObjectNode>> overrides = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> peers = new ConcurrentHashMap<>();
  private final List<Mail> mail = new CopyOnWriteArrayList<>();
  private final Map<String, SocketChannel> links = new ConcurrentHashMap<>();
  private final List<String> acks = new CopyOnWriteArrayList<>();
  private final FakeTables tables = new FakeTables();

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
    String token =
        UUID.randomUUID().toString().replace("-", "")
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
    mail.add(new Mail(id, from, fromName, to, "text", text, at, null));
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
    return mail.stream().anyMatch(m -> m.id().equals(messageId) && m.readAt() != null);
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
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                Channels.newInputStream(new ReadOnlyChannel(ch)), StandardCharsets.UTF_8))) {
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
      byte[] raw = ex.getRequestBody().readAllBytes();
      JsonNode body = parse(raw);
      requests.add(
          new Request(
              ex.getRequestMethod(), path, body == null ? Json.MAPPER.createObjectNode() : body));
      if (!path.equals("/health")
          && !("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        send(ex, 401, error("Unauthorized \u2014 invalid or missing bearer token"));
        return;
      }
      UnaryOperator<ObjectNode> override = overrides.get(path);
      if (override == null && !ROUTES.contains(ex.getRequestMethod() + " " + path)) {
        send(ex, 404, error("Unknown endpoint"));
        return;
      }
      if (!(body instanceof ObjectNode)) {
        send(ex, 400, error("Invalid JSON in request body"));
        return;
      }
      ObjectNode answer;
      try {
        answer =
            override != null ? override.apply((ObjectNode) body) : route(path, (ObjectNode) body);
      } catch (Refused e) {
        answer = error(e.getMessage());
      }
      send(ex, 200, answer);
    }
  }

  /** The body as JSON: an empty body is {@code {}}; null when it is not JSON. */
  private static JsonNode parse(byte[] raw) {
    if (raw.length == 0) {
      return Json.MAPPER.createObjectNode();
    }
    try {
      return Json.MAPPER.readTree(raw);
    } catch (IOException e) {
      return null;
    }
  }

  private static final java.util.Set<String> ROUTES =
      java.util.Set.of(
          "GET /health",
          "GET /status",
          "POST /register",
          "POST /unregister",
          "POST /heartbeat",
          "POST /peers",
          "POST /summary",
          "POST /send",
          "POST /messages",
          "POST /messages/read",
          "POST /state",
          "POST /lock",
          "POST /events");

  private ObjectNode route(String path, ObjectNode body) throws IOException {
    switch (path) {
      case "/health":
        return Json.MAPPER
            .createObjectNode()
            .put("status", "ok")
            .put("version", "1.2.2")
            .put("uptime", 1);
      case "/status":
        ObjectNode s =
            Json.MAPPER
                .createObjectNode()
                .put("status", "ok")
                .put("version", "1.2.2")
                .put("uptime", 1);
        s.putObject("peers").put("active", peers.size());
        return s;
      case "/register":
        return register(body);
      case "/peers":
        return listPeers(FakeTables.text(body, "excludeId"));
      case "/state":
        return tables.state(body);
      case "/lock":
        return tables.lock(body, this::nameOf);
      case "/events":
        return tables.events(body, this::verified);
      default:
        return peerScoped(path, body);
    }
  }

  private ObjectNode register(ObjectNode body) {
    if (FakeTables.text(body, "projectPath") == null || !body.path("pid").isNumber()) {
      throw new Refused("projectPath and pid are required");
    }
    String old = body.path("peerId").asText("");
    ObjectNode existing = peers.get(old);
    boolean reclaim =
        existing != null
            && existing.path("credential").asText().equals(body.path("credential").asText());
    String id = reclaim ? old : UUID.randomUUID().toString();
    String credential =
        reclaim
            ? existing.path("credential").asText(null)
            : body.path("requestCredential").asBoolean(false)
                ? UUID.randomUUID().toString().replace("-", "")
                : null;
    ObjectNode peer = body.deepCopy();
    peer.put("id", id);
    String name = body.path("name").asText("auto");
    peer.put("name", name.equals("auto") ? "peer-" + id.substring(0, 6) : name);
    peer.put("credential", credential);
    peer.remove("peerId");
    peers.put(id, peer);
    ObjectNode answer = ok().put("peerId", id).put("name", peer.get("name").asText());
    if (!reclaim && credential != null) {
      answer.put("credential", credential);
    }
    tables.emit("peer_joined", Json.MAPPER.createObjectNode().put("peerId", id), id);
    return answer;
  }

  /** The peer {@code id} after its credential check; a peer without a credential needs none. */
  private ObjectNode verified(String id, ObjectNode body) {
    ObjectNode peer = peers.get(id);
    if (peer == null) {
      throw new Refused("Peer not found");
    }
    String credential = peer.path("credential").asText(null);
    if (credential != null && !credential.equals(body.path("credential").asText())) {
      throw new Refused("Invalid or missing credential for peer " + id);
    }
    return peer;
  }

  private String nameOf(String id) {
    ObjectNode peer = peers.get(id);
    return peer == null ? id : peer.path("name").asText(id);
  }

  private ObjectNode peerScoped(String path, ObjectNode body) throws IOException {
    if (path.equals("/send")) {
      if (FakeTables.text(body, "fromPeer") == null
          || FakeTables.text(body, "toPeer") == null
          || FakeTables.text(body, "payload") == null) {
        throw new Refused("fromPeer, toPeer, and payload are required");
      }
      return sendMessage(verified(body.path("fromPeer").asText(), body), body);
    }
    String self = FakeTables.text(body, "peerId");
    if (path.equals("/summary") && (self == null || !body.path("summary").isTextual())) {
      throw new Refused("peerId and summary are required");
    }
    if (self == null) {
      throw new Refused("peerId is required");
    }
    ObjectNode peer = verified(self, body);
    switch (path) {
      case "/unregister":
        peers.remove(self);
        return ok();
      case "/heartbeat":
      case "/summary":
        body.fields()
            .forEachRemaining(
                f -> {
                  if (!f.getKey().equals("peerId") && !f.getKey().equals("credential")) {
                    peer.set(f.getKey(), f.getValue());
                  }
                });
        return ok();
      case "/messages":
        return inbox(self, body);
      default:
        return markRead(self, body.path("messageIds"));
    }
  }

  private ObjectNode listPeers(String exclude) {
    ObjectNode answer = ok();
    ArrayNode list = answer.putArray("peers");
    peers.values().stream()
        .filter(p -> !p.get("id").asText().equals(exclude))
        .forEach(
            p -> {
              ObjectNode copy = p.deepCopy();
              copy.remove("credential");
              list.add(copy);
            });
    return answer;
  }

  private ObjectNode sendMessage(ObjectNode from, ObjectNode body) throws IOException {
    String to = body.path("toPeer").asText();
    String fromId = from.get("id").asText();
    String fromName = from.get("name").asText();
    String text = body.path("payload").asText();
    if (to.equals("all")) {
      ObjectNode answer = ok();
      ArrayNode ids = answer.putArray("messageIds");
      for (String peer : List.copyOf(peers.keySet())) {
        if (!peer.equals(fromId)) {
          ids.add(deliver(fromId, fromName, peer, text));
        }
      }
      return answer;
    }
    if (!peers.containsKey(to)) {
      throw new Refused("Peer not found or inactive");
    }
    return ok().put("messageId", deliver(fromId, fromName, to, text));
  }

  /** Newest first; marks the unread ones it returns read. */
  private ObjectNode inbox(String self, ObjectNode body) {
    boolean all = "all".equals(body.path("filter").asText("unread"));
    String from = FakeTables.text(body, "from");
    int limit = body.path("limit").asInt(20);
    ObjectNode answer = ok();
    ArrayNode list = answer.putArray("messages");
    String now = Instant.now().toString();
    for (int i = mail.size() - 1; i >= 0 && list.size() < limit; i--) {
      Mail m = mail.get(i);
      if (!m.to().equals(self)
          || (!all && m.readAt() != null)
          || (from != null && !from.equals(m.from()))) {
        continue;
      }
      String readAt = m.readAt() != null ? m.readAt() : now;
      list.addObject()
          .put("id", m.id())
          .put("fromPeer", m.from())
          .put("toPeer", m.to())
          .put("type", m.type())
          .put("payload", m.text())
          .put("createdAt", m.at())
          .put("readAt", readAt)
          .put("delivered", true)
          .put("status", "read")
          .put("fromName", m.fromName());
      mail.set(i, m.read(readAt));
    }
    return answer;
  }

  private ObjectNode markRead(String self, JsonNode ids) {
    List<String> wanted = new ArrayList<>();
    ids.forEach(i -> wanted.add(i.asText()));
    int marked = 0;
    for (int i = 0; i < mail.size(); i++) {
      Mail m = mail.get(i);
      if (m.to().equals(self) && m.readAt() == null && wanted.contains(m.id())) {
        mail.set(i, m.read(Instant.now().toString()));
        marked++;
      }
    }
    return ok().put("marked", marked);
  }

  static ObjectNode ok() {
    return Json.MAPPER.createObjectNode().put("ok", true);
  }

  static ObjectNode error(String text) {
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

  /** A refusal by the mesh's rules: answered {@code {"ok":false,"error"}} with HTTP 200. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
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
}
