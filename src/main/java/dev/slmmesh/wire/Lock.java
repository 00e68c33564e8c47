package dev.slmmesh.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;

/** An advisory file lock; both times in ISO format, as in the original. */
@JsonPropertyOrder({"filePath", "lockedBy", "lockedAt", "expiresAt", "reason"})
public record Lock(
    @JsonProperty("filePath") String filePath,
    @JsonProperty("lockedBy") String lockedBy,
    @JsonProperty("lockedAt")
        @JsonSerialize(using = IsoInstant.class)
        @JsonDeserialize(using = InstantReader.class)
        Instant lockedAt,
    @JsonProperty("expiresAt")
        @JsonSerialize(using = IsoInstant.class)
        @JsonDeserialize(using = InstantReader.class)
        Instant expiresAt,
    @JsonProperty("reason") String reason) {

  public boolean expiredAt(Instant now) {
    return !expiresAt.isAfter(now);
  }
}
