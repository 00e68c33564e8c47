package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.client.BrokerUnavailableException;
import dev.slmmesh.client.PeerNames;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.Timestamps;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Runs the eight tools: checks the arguments, makes the broker call (docs/wire.md plus our
 * extensions), and returns a {@code tools/call} result whose first text is the broker's compact
 * JSON answer, followed by any unread messages ({@link Delivery#piggyback}).
 */
final class MeshTools {
  private final Session session;
  private final Delivery delivery;
  private final SessionProbe probe;
  private final Path cwd;
  private final PresenceTracker presence;
  private final MemoryTool memory;

  MeshTools(Session session, Delivery delivery, SessionProbe probe, Path cwd, PresenceTracker presence) {
    this(session, delivery, probe, cwd, presence, MemoryTool.none());
  }

  MeshTools(Session session, Delivery delivery, SessionProbe probe, Path cwd, PresenceTracker presence,
      MemoryTool memory) {
    this.memory = memory;
    this.session = session;
    this.presence = presence;
    this.delivery = delivery;
    this.probe = probe;
    this.cwd = cwd;
  }

  /** The result of {@code tools/call}; unknown tools are a JSON-RPC error. */
  ObjectNode call(String name, @Nullable JsonNode arguments) throws RpcException {
    ToolSpec tool = tools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(
        () -> new RpcException(RpcException.INVALID_PARAMS, "Unknown tool: " + name));
    if (presence.toolCalled()) {
      session.reportPresenceSoon();
    }
    ObjectNode result;
    try {
      result = run(tool, ArgumentCheck.check(tool, arguments));
    } catch (InvalidArgumentsException e) {
      result = error(e.getMessage());
    } catch (BrokerUnavailableException e) {
      result = error("Broker unavailable: " + e.getMessage());
    }
    Optional<String> unread = delivery.piggyback();
    if (unread.isPresent()) {
      addText(result, unread.get());
      session.flushReads();
    }
    return result;
  }

  /** What {@code tools/list} shows: the eight tools, and {@code mesh_recall} with a memory system. */
  List<ToolSpec> tools() {
    return ToolCatalog.all(memory.bridge().isPresent());
  }

  private ObjectNode run(ToolSpec tool, ObjectNode args) throws InvalidArgumentsException {
    switch (tool.name()) {
      case ToolCatalog.PEERS:
        return ok(peers(args.path("scope").asText("machine")));
      case ToolCatalog.SUMMARY:
        return ok(summary(args.get("summary").asText()));
      case ToolCatalog.SEND:
        return ok(send(args));
      case ToolCatalog.INBOX:
        return ok(inbox(args));
      case ToolCatalog.STATE:
        return ok(state(args));
      case ToolCatalog.LOCK:
        return ok(lock(args));
      case ToolCatalog.EVENTS:
        return ok(events(args));
      case ToolCatalog.STATUS:
        return status();
      case ToolCatalog.RECALL:
        return ok(memory.recall(args.get("query").asText(), args.path("limit").asInt(10)));
      default:
        throw new IllegalStateException("tool without a handler: " + tool.name());
    }
  }

  private ObjectNode peers(String scope) {
    Profile p = session.profile();
    return session.exchange("/peers", id -> {
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.put("scope", scope);
      body.put("projectPath", p.projectPath());
      if (p.gitRoot() != null) {
        body.put("gitRoot", p.gitRoot());
      }
      body.put("excludeId", id.peerId());
      return id.withCredential(body);
    });
  }

  private ObjectNode summary(String text) {
    ObjectNode answer = session.exchange("/summary",
        id -> id.sign(Json.MAPPER.createObjectNode().put("summary", text)));
    if (answer.path("ok").asBoolean(false)) {
      session.rememberSummary(text);
    }
    return answer;
  }

  private ObjectNode send(ObjectNode args) throws InvalidArgumentsException {
    String to = resolvePeer(args.get("to").asText());
    String replyTo = text(args, "replyTo");
    String message = replyTo == null ? args.get("message").asText()
        : "(reply to message " + replyTo + ") " + args.get("message").asText();
    ObjectNode answer = session.exchange("/send", id -> {
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.put("fromPeer", id.peerId());
      body.put("toPeer", to);
      body.put("payload", message);
      body.put("type", args.path("type").asText("text"));
      if (replyTo != null) {
        body.put("replyTo", replyTo);
      }
      if (args.path("whenIdle").asBoolean(false)) {
        body.put("whenIdle", true);
      }
      return id.withCredential(body);
    });
    if (answer.hasNonNull("messageId")) {
      delivery.sent(answer.get("messageId").asText());
    }
    return answer;
  }

  /** The peer {@code to} names, by the rule the CLI uses too ({@link PeerNames}). */
  private String resolvePeer(String to) throws InvalidArgumentsException {
    if (PeerNames.isLiteral(to)) {
      return to;
    }
    // names resolve across every machine of the mesh (the same set as "machine" on one machine)
    PeerNames.Resolution r = PeerNames.resolve(to, peers("mesh").path("peers"));
    return r.peerId().orElseThrow(
        () -> new InvalidArgumentsException(r.problem() + "; call mesh_peers for ids and names"));
  }

  private ObjectNode inbox(ObjectNode args) {
    delivery.collectHookClaims();
    session.flushReads();
    List<String> acked = strings(args.get("ack"));
    int marked = 0;
    if (!acked.isEmpty()) {
      ObjectNode answer = session.exchange("/messages/read", id -> {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("messageIds", Delivery.idArray(acked));
        return id.sign(body);
      });
      marked = answer.path("marked").asInt(0);
      delivery.seenElsewhere(acked);
    }
    ObjectNode answer = session.exchange("/messages", id -> {
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.put("filter", args.path("filter").asText("unread"));
      if (args.has("from")) {
        body.put("from", args.get("from").asText());
      }
      body.put("limit", args.path("limit").asInt(20));
      return id.sign(body);
    });
    List<String> ids = new ArrayList<>();
    answer.path("messages").forEach(m -> ids.add(m.path("id").asText()));
    List<String> mine = delivery.claimForInbox(ids);
    if (answer.get("messages") instanceof ArrayNode && args.path("filter").asText("unread").equals("unread")) {
      // a message a hook has shown already is not shown again (docs/hooks.md)
      ((ArrayNode) answer.get("messages")).removeIf(m -> !mine.contains(m.path("id").asText()));
    }
    if (!acked.isEmpty()) {
      answer.put("acknowledged", marked);
    }
    return answer;
  }

  private ObjectNode state(ObjectNode args) throws InvalidArgumentsException {
    String action = args.get("action").asText();
    boolean needsKey = !action.equals("list");
    if (needsKey && isBlank(text(args, "key"))) {
      throw new InvalidArgumentsException("mesh_state " + action + " needs \"key\"");
    }
    if (action.equals("set") && text(args, "value") == null) {
      throw new InvalidArgumentsException("mesh_state set needs \"value\"");
    }
    return session.exchange("/state", id -> {
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.put("action", action);
      copy(args, body, "key", "value");
      body.put("namespace", args.path("namespace").asText("default"));
      return id.sign(body);
    });
  }

  private ObjectNode lock(ObjectNode args) throws InvalidArgumentsException {
    String action = args.get("action").asText();
    String raw = text(args, "filePath");
    if (!action.equals("query") && isBlank(raw)) {
      throw new InvalidArgumentsException("mesh_lock " + action + " needs \"filePath\"");
    }
    String filePath = isBlank(raw) ? null : absolute(raw);
    return session.exchange("/lock", id -> {
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.put("action", action);
      if (filePath != null) {
        body.put("filePath", filePath);
      }
      copy(args, body, "reason", "ttlMinutes");
      return id.sign(body);
    });
  }

  private String absolute(String filePath) throws InvalidArgumentsException {
    try {
      return cwd.resolve(filePath).toAbsolutePath().normalize().toString();
    } catch (InvalidPathException e) {
      throw new InvalidArgumentsException("\"filePath\" is not a valid path: " + e.getMessage());
    }
  }

  private ObjectNode events(ObjectNode args) throws InvalidArgumentsException {
    String action = args.path("action").asText("read");
    String since = text(args, "since");
    if (since != null && Timestamps.parse(since).isEmpty()) {
      throw new InvalidArgumentsException(
          "\"since\" must be a time such as 2026-04-08T10:30:00Z, got \"" + since + "\"");
    }
    if (action.equals("emit") && isBlank(text(args, "type"))) {
      throw new InvalidArgumentsException("mesh_events emit needs \"type\"");
    }
    if (action.equals("subscribe") && strings(args.get("types")).isEmpty()) {
      throw new InvalidArgumentsException("mesh_events subscribe needs \"types\"");
    }
    return session.exchange("/events", id -> {
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.put("action", action);
      if (action.equals("emit")) {
        body.put("type", args.get("type").asText());
        body.set("data", args.has("data") ? args.get("data") : Json.MAPPER.createObjectNode());
      } else {
        copy(args, body, "types", "since");
        body.put("limit", args.path("limit").asInt(50));
      }
      return id.sign(body);
    });
  }

  private ObjectNode status() {
    try {
      session.identity();
      ObjectNode answer = session.get("/status");
      answer.set("session", sessionInfo());
      return ok(answer);
    } catch (BrokerUnavailableException e) {
      ObjectNode answer = Json.MAPPER.createObjectNode();
      answer.put("ok", false);
      answer.put("error", "Broker unavailable: " + e.getMessage());
      answer.set("session", sessionInfo());
      return result(Json.write(answer), true);
    }
  }

  private ObjectNode sessionInfo() {
    ObjectNode info = Json.MAPPER.createObjectNode();
    Identity id = session.current();
    info.put("registered", id != null);
    if (id != null) {
      info.put("peerId", id.peerId());
      info.put("name", id.name());
    }
    Profile p = session.profile();
    info.put("agentType", p.agentType());
    info.put("projectPath", p.projectPath());
    info.put("gitRoot", p.gitRoot());
    info.put("gitBranch", p.gitBranch());
    info.put("deliveryPath", delivery.path());
    info.put("channels", delivery.channelState());
    PushListener push = probe.listener();
    info.put("pushSocket", push == null ? null : push.path().toString());
    info.put("pushConnections", push == null ? 0 : push.connections());
    info.put("pendingMessages", delivery.pendingCount());
    return info;
  }

  private static ObjectNode ok(ObjectNode answer) {
    return result(Json.write(answer), false);
  }

  private static ObjectNode error(String message) {
    ObjectNode answer = Json.MAPPER.createObjectNode();
    answer.put("ok", false);
    answer.put("error", message);
    return result(Json.write(answer), true);
  }

  private static ObjectNode result(String text, boolean isError) {
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.putArray("content");
    addText(result, text);
    if (isError) {
      result.put("isError", true);
    }
    return result;
  }

  private static void addText(ObjectNode result, String text) {
    ((ArrayNode) result.get("content")).addObject().put("type", "text").put("text", text);
  }

  private static @Nullable String text(ObjectNode args, String name) {
    JsonNode v = args.get(name);
    return v == null || !v.isTextual() ? null : v.textValue();
  }

  private static boolean isBlank(@Nullable String s) {
    return s == null || s.isBlank();
  }

  private static List<String> strings(@Nullable JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(v -> out.add(v.asText()));
    }
    return out;
  }

  private static void copy(ObjectNode from, ObjectNode to, String... names) {
    for (String n : names) {
      if (from.has(n)) {
        to.set(n, from.get(n));
      }
    }
  }
}
