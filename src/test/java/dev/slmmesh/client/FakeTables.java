package dev.slmmesh.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.wire.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * The shared state, the file locks and the event log of {@link FakeBroker}, in memory, with the
 * real broker's field rules and refusal texts for what {@link MeshApiContract} checks.
 */
final class FakeTables {
  private final Map<String, ObjectNode> state = new LinkedHashMap<>();
  private final Map<String, ObjectNode> locks = new LinkedHashMap<>();
  private final List<ObjectNode> events = new ArrayList<>();

  /** A non-empty string field, or null (the original's rule for a required field). */
  static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
  }

  private static String need(JsonNode body, String field, String error) {
    String v = text(body, field);
    if (v == null) {
      throw new FakeBroker.Refused(error);
    }
    return v;
  }

  synchronized ObjectNode state(ObjectNode body) {
    String action = need(body, "action", "action is required");
    String namespace =
        body.path("namespace").isTextual() ? body.get("namespace").asText() : "default";
    String key = text(body, "key");
    switch (action) {
      case "get":
        need(body, "key", "key is required for get");
        return FakeBroker.ok().set("entry", state.get(namespace + "/" + key));
      case "set":
        if (key == null || !body.path("value").isTextual() || text(body, "peerId") == null) {
          throw new FakeBroker.Refused("key, value, and peerId are required for set");
        }
        ObjectNode entry =
            Json.MAPPER
                .createObjectNode()
                .put("key", key)
                .put("namespace", namespace)
                .put("value", body.get("value").asText())
                .put("updatedBy", body.get("peerId").asText())
                .put("updatedAt", Instant.now().toString());
        state.put(namespace + "/" + key, entry);
        return FakeBroker.ok().set("entry", entry);
      case "list":
        ObjectNode answer = FakeBroker.ok();
        ArrayNode entries = answer.putArray("entries");
        state.values().stream()
            .filter(e -> e.get("namespace").asText().equals(namespace))
            .forEach(entries::add);
        return answer;
      case "delete":
        need(body, "key", "key is required for delete");
        return FakeBroker.ok().put("deleted", state.remove(namespace + "/" + key) != null);
      default:
        throw new FakeBroker.Refused("Unknown action: " + action);
    }
  }

  /** {@code names}: a peer's name for the refusal of a held lock. */
  synchronized ObjectNode lock(ObjectNode body, UnaryOperator<String> names) {
    String action = need(body, "action", "action is required");
    String file = text(body, "filePath");
    String peer = text(body, "peerId");
    Instant now = Instant.now();
    locks.values().removeIf(l -> !Instant.parse(l.get("expiresAt").asText()).isAfter(now));
    switch (action) {
      case "lock":
        if (file == null || peer == null) {
          throw new FakeBroker.Refused("filePath and peerId are required for lock");
        }
        ObjectNode held = locks.get(file);
        String reason = body.path("reason").asText("");
        if (held != null && !held.get("lockedBy").asText().equals(peer)) {
          String why =
              held.get("reason").asText().isEmpty()
                  ? ""
                  : ", reason: " + held.get("reason").asText();
          long left =
              Duration.between(now, Instant.parse(held.get("expiresAt").asText())).toMillis();
          throw new FakeBroker.Refused(
              "File locked by "
                  + names.apply(held.get("lockedBy").asText())
                  + why
                  + ". Expires in "
                  + (left + 59_999) / 60_000
                  + " minutes.");
        }
        double ttl = body.path("ttlMinutes").isNumber() ? body.get("ttlMinutes").asDouble() : 10;
        ObjectNode lock =
            Json.MAPPER
                .createObjectNode()
                .put("filePath", file)
                .put("lockedBy", peer)
                .put("lockedAt", held != null ? held.get("lockedAt").asText() : now.toString())
                .put("expiresAt", now.plusMillis(Math.round(ttl * 60_000)).toString())
                .put("reason", reason);
        locks.put(file, lock);
        ObjectNode granted = FakeBroker.ok().set("lock", lock);
        return held != null ? granted.put("renewed", true) : granted;
      case "unlock":
        if (file == null || peer == null) {
          throw new FakeBroker.Refused("filePath and peerId are required for unlock");
        }
        locks.remove(file);
        return FakeBroker.ok();
      case "query":
        ObjectNode answer = FakeBroker.ok();
        ArrayNode list = answer.putArray("locks");
        locks.values().stream()
            .filter(l -> file == null || l.get("filePath").asText().equals(file))
            .forEach(list::add);
        return answer;
      default:
        throw new FakeBroker.Refused("Unknown action: " + action);
    }
  }

  /** {@code peers}: the peer of an id after its credential check (refused when unknown). */
  synchronized ObjectNode events(
      ObjectNode body, BiFunction<String, ObjectNode, ObjectNode> peers) {
    String action = body.path("action").isTextual() ? body.get("action").asText() : "read";
    switch (action) {
      case "read":
        List<String> types = strings(body.path("types"));
        int limit = body.path("limit").asInt(50);
        ObjectNode answer = FakeBroker.ok();
        ArrayNode list = answer.putArray("events");
        for (int i = events.size() - 1; i >= 0 && list.size() < limit; i--) {
          ObjectNode e = events.get(i);
          if (types.isEmpty() || types.contains("*") || types.contains(e.get("type").asText())) {
            list.add(e);
          }
        }
        return answer;
      case "subscribe":
        String subscriber = need(body, "peerId", "peerId is required for subscribe");
        List<String> wanted = strings(body.path("types"));
        if (wanted.isEmpty()) {
          throw new FakeBroker.Refused("types array is required for subscribe");
        }
        peers.apply(subscriber, body);
        ObjectNode subscribed = FakeBroker.ok();
        wanted.forEach(subscribed.putArray("subscribed")::add);
        return subscribed;
      case "unsubscribe":
        peers.apply(need(body, "peerId", "peerId is required for unsubscribe"), body);
        return FakeBroker.ok();
      case "emit":
        String emitter = need(body, "peerId", "peerId is required for emit");
        String type = need(body, "type", "type is required for emit");
        peers.apply(emitter, body);
        JsonNode data =
            body.path("data").isObject() ? body.get("data") : Json.MAPPER.createObjectNode();
        return FakeBroker.ok().set("event", emit(type, data, emitter));
      default:
        throw new FakeBroker.Refused("Unknown action: " + action);
    }
  }

  /** Records an event; its payload is the data as a JSON string, as the original stores it. */
  synchronized ObjectNode emit(String type, JsonNode data, String by) {
    ObjectNode e =
        Json.MAPPER
            .createObjectNode()
            .put("id", UUID.randomUUID().toString())
            .put("type", type)
            .put("payload", Json.write(data))
            .put("emittedBy", by)
            .put("createdAt", Instant.now().toString());
    events.add(e);
    return e;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
