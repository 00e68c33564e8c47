package dev.slmmesh.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The request and answers of {@code /lock}: lock (or renew), unlock, query (docs/wire.md). */
public final class LockApi {
  public static final String LOCK = "lock";
  public static final String UNLOCK = "unlock";
  public static final String QUERY = "query";

  private LockApi() {}

  /** {@code POST /lock}; {@code ttlMinutes} the broker's default (10) when absent. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"action", "filePath", "peerId", "credential", "reason", "ttlMinutes"})
  public record Request(
      @JsonProperty("action") String action,
      @JsonProperty("filePath") @Nullable String filePath,
      @JsonProperty("peerId") @Nullable String peerId,
      @JsonProperty("credential") @Nullable String credential,
      @JsonProperty("reason") @Nullable String reason,
      @JsonProperty("ttlMinutes") @Nullable Double ttlMinutes) {

    public static Request lock(
        String filePath,
        String peerId,
        @Nullable String credential,
        @Nullable String reason,
        @Nullable Double ttlMinutes) {
      return new Request(LOCK, filePath, peerId, credential, reason, ttlMinutes);
    }

    public static Request unlock(String filePath, String peerId, @Nullable String credential) {
      return new Request(UNLOCK, filePath, peerId, credential, null, null);
    }

    /** The same request on behalf of a peer. */
    public Request by(String id, @Nullable String secret) {
      return new Request(action, filePath, id, secret, reason, ttlMinutes);
    }

    /** Live locks, of one file and/or one holder when given. */
    public static Request query(@Nullable String filePath, @Nullable String peerId) {
      return new Request(QUERY, filePath, peerId, null, null, null);
    }
  }

  /** The answer of lock: the lock held now; {@code renewed} (ours) when the holder locked again. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"ok", "lock", "renewed"})
  public record Granted(
      @JsonProperty("lock") Lock lock, @JsonProperty("renewed") @Nullable Boolean renewed)
      implements Answer {}

  /** The answer of query. */
  @JsonPropertyOrder({"ok", "locks"})
  public record Locks(@JsonProperty("locks") List<Lock> locks) implements Answer {}
}
