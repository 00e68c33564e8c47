package dev.slmmesh.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One message to one recipient (a broadcast is one row per recipient). {@code createdAt} is ISO,
 * {@code readAt} SQLite format, as in the original; {@code status} is ours.
 */
@JsonPropertyOrder({
  "id",
  "fromPeer",
  "toPeer",
  "type",
  "payload",
  "createdAt",
  "readAt",
  "delivered",
  "status"
})
public record Message(
    @JsonProperty("id") String id,
    @JsonProperty("fromPeer") String fromPeer,
    @JsonProperty("toPeer") String toPeer,
    @JsonProperty("type") String type,
    @JsonProperty("payload") String payload,
    @JsonProperty("createdAt")
        @JsonSerialize(using = IsoInstant.class)
        @JsonDeserialize(using = InstantReader.class)
        Instant createdAt,
    @JsonProperty("readAt")
        @JsonSerialize(using = IsoInstant.class)
        @JsonDeserialize(using = InstantReader.class)
        @Nullable Instant readAt,
    @JsonProperty("delivered") boolean delivered) {

  public static final String QUEUED = "queued";
  public static final String DELIVERED = "delivered";
  public static final String READ = "read";

  /** queued (stored, not yet confirmed by the recipient's link), delivered, or read. */
  @JsonProperty("status")
  public String status() {
    if (readAt != null) {
      return READ;
    }
    return delivered ? DELIVERED : QUEUED;
  }
}
