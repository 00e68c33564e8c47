package dev.slmmesh.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The answers of {@code GET /health} and {@code GET /status}: no {@code ok} key (docs/wire.md). */
public final class StatusApi {
  private StatusApi() {}

  /** {@code GET /health}. */
  @JsonPropertyOrder({"status", "version", "uptime"})
  public record Health(
      @JsonProperty("status") String status,
      @JsonProperty("version") String version,
      @JsonProperty("uptime") long uptime) {}

  /**
   * {@code GET /status}: the original's keys, then ours ({@code machine}, {@code push}, and {@code
   * memory} with a memory bridge).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "status",
    "version",
    "uptime",
    "pid",
    "port",
    "peers",
    "messages",
    "locks",
    "events",
    "db",
    "machine",
    "push",
    "memory"
  })
  public record Status(
      @JsonProperty("status") String status,
      @JsonProperty("version") String version,
      @JsonProperty("uptime") long uptime,
      @JsonProperty("pid") long pid,
      @JsonProperty("port") int port,
      @JsonProperty("peers") @Nullable Peers peers,
      @JsonProperty("messages") @Nullable Messages messages,
      @JsonProperty("locks") @Nullable Locks locks,
      @JsonProperty("events") @Nullable Events events,
      @JsonProperty("db") @Nullable Db db,
      @JsonProperty("machine") @Nullable Machine machine,
      @JsonProperty("push") @Nullable Push push,
      @JsonProperty("memory") @Nullable Map<String, Object> memory) {

    /**
     * Reads an answer from its tree by hand, without binding records: {@code slm-mesh status} is a
     * short process, and record binding loads about 300 more classes, a quarter more CPU time for
     * the whole command (docs/performance.md, "Second round"). Missing numbers read as 0, a missing
     * object as {@code null}, as binding did.
     */
    public static Status read(JsonNode n) {
      JsonNode peers = n.get("peers");
      JsonNode messages = n.get("messages");
      JsonNode db = n.get("db");
      JsonNode machine = n.get("machine");
      JsonNode push = n.get("push");
      JsonNode memory = n.get("memory");
      return new Status(
          text(n, "status"),
          text(n, "version"),
          n.path("uptime").asLong(),
          n.path("pid").asLong(),
          n.path("port").asInt(),
          object(peers)
              ? new Peers(
                  peers.path("active").asLong(),
                  peers.path("stale").asLong(),
                  peers.path("total").asLong())
              : null,
          object(messages)
              ? new Messages(messages.path("total").asLong(), messages.path("undelivered").asLong())
              : null,
          object(n.get("locks")) ? new Locks(n.path("locks").path("active").asLong()) : null,
          object(n.get("events")) ? new Events(n.path("events").path("total").asLong()) : null,
          object(db)
              ? new Db(db.path("sizeBytes").asLong(), db.path("walSizeBytes").asLong())
              : null,
          object(machine) ? new Machine(text(machine, "id"), text(machine, "name")) : null,
          object(push)
              ? new Push(push.path("dropped").asLong(), push.path("resyncs").asLong())
              : null,
          object(memory) ? fields(memory) : null);
    }

    /** An object's fields as plain Java values (maps, lists, strings, numbers, booleans). */
    private static Map<String, Object> fields(JsonNode object) {
      Map<String, Object> map = new java.util.LinkedHashMap<>();
      object.fields().forEachRemaining(f -> map.put(f.getKey(), plain(f.getValue())));
      return map;
    }

    private static @Nullable Object plain(JsonNode v) {
      if (v.isObject()) {
        return fields(v);
      }
      if (v.isArray()) {
        List<@Nullable Object> list = new ArrayList<>();
        v.forEach(e -> list.add(plain(e)));
        return list;
      }
      if (v.isNumber()) {
        return v.numberValue();
      }
      if (v.isBoolean()) {
        return v.booleanValue();
      }
      return v.isNull() ? null : v.asText();
    }

    private static boolean object(@Nullable JsonNode node) {
      return node != null && node.isObject();
    }

    private static String text(JsonNode n, String key) {
      JsonNode v = n.get(key);
      return v == null || v.isNull() ? null : v.asText();
    }
  }

  @JsonPropertyOrder({"active", "stale", "total"})
  public record Peers(
      @JsonProperty("active") long active,
      @JsonProperty("stale") long stale,
      @JsonProperty("total") long total) {}

  @JsonPropertyOrder({"total", "undelivered"})
  public record Messages(
      @JsonProperty("total") long total, @JsonProperty("undelivered") long undelivered) {}

  @JsonPropertyOrder({"active"})
  public record Locks(@JsonProperty("active") long active) {}

  @JsonPropertyOrder({"total"})
  public record Events(@JsonProperty("total") long total) {}

  @JsonPropertyOrder({"sizeBytes", "walSizeBytes"})
  public record Db(
      @JsonProperty("sizeBytes") long sizeBytes, @JsonProperty("walSizeBytes") long walSizeBytes) {}

  @JsonPropertyOrder({"id", "name"})
  public record Machine(@JsonProperty("id") String id, @JsonProperty("name") String name) {}

  @JsonPropertyOrder({"dropped", "resyncs"})
  public record Push(
      @JsonProperty("dropped") long dropped, @JsonProperty("resyncs") long resyncs) {}
}
