package dev.slmmesh.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The request and answers of {@code /events}: read, subscribe, unsubscribe, and ours, emit. */
public final class EventApi {
  public static final String READ = "read";
  public static final String SUBSCRIBE = "subscribe";
  public static final String UNSUBSCRIBE = "unsubscribe";
  public static final String EMIT = "emit";

  private EventApi() {}

  /**
   * {@code POST /events}; {@code action} {@code read} when absent. Read: {@code types}, {@code
   * since}, {@code limit} (50). Subscribe: {@code types}. Emit: {@code type} and {@code data}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"action", "peerId", "credential", "type", "data", "types", "since", "limit"})
  public record Request(
      @JsonProperty("action") @Nullable String action,
      @JsonProperty("peerId") @Nullable String peerId,
      @JsonProperty("credential") @Nullable String credential,
      @JsonProperty("type") @Nullable String type,
      @JsonProperty("data") @Nullable Map<String, Object> data,
      @JsonProperty("types") @Nullable List<String> types,
      @JsonProperty("since") @Nullable String since,
      @JsonProperty("limit") @Nullable Integer limit) {

    public static Request read(
        @Nullable List<String> types, @Nullable String since, @Nullable Integer limit) {
      return new Request(READ, null, null, null, null, types, since, limit);
    }

    public static Request subscribe(
        String peerId, @Nullable String credential, List<String> types) {
      return new Request(SUBSCRIBE, peerId, credential, null, null, types, null, null);
    }

    public static Request unsubscribe(String peerId, @Nullable String credential) {
      return new Request(UNSUBSCRIBE, peerId, credential, null, null, null, null, null);
    }

    public static Request emit(
        String peerId, @Nullable String credential, String type, Map<String, Object> data) {
      return new Request(EMIT, peerId, credential, type, data, null, null, null);
    }

    /** The same request on behalf of a peer. */
    public Request by(String id, @Nullable String secret) {
      return new Request(action, id, secret, type, data, types, since, limit);
    }
  }

  /** The answer of read: newest first. */
  @JsonPropertyOrder({"ok", "events"})
  public record Events(@JsonProperty("events") List<Event> events) implements Answer {}

  /** The answer of subscribe: the types now subscribed. */
  @JsonPropertyOrder({"ok", "subscribed"})
  public record Subscribed(@JsonProperty("subscribed") List<String> subscribed) implements Answer {}

  /** The answer of emit (ours): the stored event. */
  @JsonPropertyOrder({"ok", "event"})
  public record Emitted(@JsonProperty("event") Event event) implements Answer {}
}
