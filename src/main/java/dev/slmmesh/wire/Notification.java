package dev.slmmesh.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One NDJSON push envelope (docs/wire.md, "Push"): {@code
 * {"type":..,"payload":{..},"timestamp":ISO}}. The factories build the original's payload shapes
 * with keys in the original's order.
 */
@JsonPropertyOrder({"type", "payload", "timestamp"})
public record Notification(
    @JsonProperty("type") String type,
    @JsonProperty("payload") Map<String, @Nullable Object> payload,
    @JsonProperty("timestamp") @JsonSerialize(using = IsoInstant.class) Instant timestamp) {

  public static final String MESSAGE = "message";
  public static final String EVENT = "event";
  public static final String PEER_UPDATE = "peer_update";
  public static final String LOCK_UPDATE = "lock_update";
  public static final String SHUTDOWN = "shutdown";
  private static final Set<String> KINDS =
      Set.of(MESSAGE, EVENT, PEER_UPDATE, LOCK_UPDATE, SHUTDOWN);

  public Notification {
    if (!KINDS.contains(type)) {
      throw new IllegalArgumentException("unknown notification type: " + type);
    }
    payload = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(payload));
  }

  /**
   * A message push. {@code messageId, fromPeer, text} are the original's keys; {@code messageType}
   * and {@code fromName} are ours (extra keys, ignored by the original's listeners).
   */
  public static Notification message(Message m, String fromName) {
    Map<String, @Nullable Object> p = new LinkedHashMap<>();
    p.put("messageId", m.id());
    p.put("fromPeer", m.fromPeer());
    p.put("text", m.payload());
    p.put("messageType", m.type());
    p.put("fromName", fromName);
    return new Notification(MESSAGE, p, m.createdAt());
  }

  /** An event push: {@code eventType} first, then the event's own payload fields. */
  public static Notification event(String eventType, Map<String, ?> fields, Instant at) {
    Map<String, @Nullable Object> p = new LinkedHashMap<>();
    p.put("eventType", eventType);
    p.putAll(fields);
    return new Notification(EVENT, p, at);
  }

  public static Notification peerLeft(String peerId, Instant at) {
    Map<String, @Nullable Object> p = new LinkedHashMap<>();
    p.put("action", "left");
    p.put("peerId", peerId);
    return new Notification(PEER_UPDATE, p, at);
  }

  public static Notification stateChanged(String key, String namespace, Instant at) {
    Map<String, @Nullable Object> p = new LinkedHashMap<>();
    p.put("action", "state_changed");
    p.put("key", key);
    p.put("namespace", namespace);
    return new Notification(PEER_UPDATE, p, at);
  }

  public static Notification locked(String filePath, String by, Instant at) {
    Map<String, @Nullable Object> p = new LinkedHashMap<>();
    p.put("filePath", filePath);
    p.put("action", "locked");
    p.put("by", by);
    return new Notification(LOCK_UPDATE, p, at);
  }

  public static Notification unlocked(String filePath, Instant at) {
    Map<String, @Nullable Object> p = new LinkedHashMap<>();
    p.put("filePath", filePath);
    p.put("action", "unlocked");
    return new Notification(LOCK_UPDATE, p, at);
  }

  public static Notification shutdown(Instant at) {
    return new Notification(SHUTDOWN, Map.of(), at);
  }

  /** The message id this notification carries, or null for non-message kinds. */
  public @Nullable String messageId() {
    Object id = MESSAGE.equals(type) ? payload.get("messageId") : null;
    return id == null ? null : id.toString();
  }
}
