package dev.slmmesh.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The request and answers of {@code /state}: get, set, list, delete (docs/wire.md). */
public final class StateApi {
  public static final String GET = "get";
  public static final String SET = "set";
  public static final String LIST = "list";
  public static final String DELETE = "delete";

  private StateApi() {}

  /** {@code POST /state}; {@code namespace} {@code default} when absent. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"action", "key", "value", "namespace", "peerId", "credential"})
  public record Request(
      @JsonProperty("action") String action,
      @JsonProperty("key") @Nullable String key,
      @JsonProperty("value") @Nullable String value,
      @JsonProperty("namespace") @Nullable String namespace,
      @JsonProperty("peerId") @Nullable String peerId,
      @JsonProperty("credential") @Nullable String credential) {

    public static Request get(@Nullable String namespace, String key) {
      return new Request(GET, key, null, namespace, null, null);
    }

    public static Request set(
        @Nullable String namespace,
        String key,
        String value,
        String peerId,
        @Nullable String credential) {
      return new Request(SET, key, value, namespace, peerId, credential);
    }

    public static Request list(@Nullable String namespace) {
      return new Request(LIST, null, null, namespace, null, null);
    }

    public static Request delete(@Nullable String namespace, String key) {
      return new Request(DELETE, key, null, namespace, null, null);
    }

    /** The same request on behalf of a peer (the original's clients sign every request). */
    public Request by(String id, @Nullable String secret) {
      return new Request(action, key, value, namespace, id, secret);
    }
  }

  /** The answer of get and set: {@code entry} is {@code null} when get finds no such key. */
  @JsonPropertyOrder({"ok", "entry"})
  public record Entry(@JsonProperty("entry") @Nullable StateEntry entry) implements Answer {}

  /** The answer of list. */
  @JsonPropertyOrder({"ok", "entries"})
  public record Entries(@JsonProperty("entries") List<StateEntry> entries) implements Answer {}

  /** The answer of delete; {@code deleted} (ours) is false when there was no such key. */
  @JsonPropertyOrder({"ok", "deleted"})
  public record Deleted(@JsonProperty("deleted") boolean deleted) implements Answer {}
}
