package dev.slmmesh.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
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
      @JsonProperty("uptime") long uptime) {

    /** Reads the answer without binding (see {@link WireObject}). */
    public static Health read(WireObject n) {
      return new Health(n.text("status"), n.text("version"), n.number("uptime"));
    }
  }

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
     * Reads an answer without binding records (see {@link WireObject}): {@code slm-mesh status} is
     * a short process, and binding loads about 300 more classes, a quarter more CPU time for the
     * whole command (docs/performance.md, "Second round").
     */
    public static Status read(WireObject n) {
      WireObject peers = n.object("peers");
      WireObject messages = n.object("messages");
      WireObject locks = n.object("locks");
      WireObject events = n.object("events");
      WireObject db = n.object("db");
      WireObject machine = n.object("machine");
      WireObject push = n.object("push");
      return new Status(
          n.text("status"),
          n.text("version"),
          n.number("uptime"),
          n.number("pid"),
          n.integer("port"),
          peers == null
              ? null
              : new Peers(peers.number("active"), peers.number("stale"), peers.number("total")),
          messages == null
              ? null
              : new Messages(messages.number("total"), messages.number("undelivered")),
          locks == null ? null : new Locks(locks.number("active")),
          events == null ? null : new Events(events.number("total")),
          db == null ? null : new Db(db.number("sizeBytes"), db.number("walSizeBytes")),
          machine == null ? null : new Machine(machine.text("id"), machine.text("name")),
          push == null ? null : new Push(push.number("dropped"), push.number("resyncs")),
          n.map("memory"));
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
