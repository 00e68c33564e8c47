package dev.slmmesh.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;

/**
 * A mesh event. {@code payload} is a JSON-encoded string, not an object, and {@code createdAt} is
 * in SQLite format: both exactly as the original emits them.
 */
@JsonPropertyOrder({"id", "type", "payload", "emittedBy", "createdAt"})
public record Event(
    @JsonProperty("id") String id,
    @JsonProperty("type") String type,
    @JsonProperty("payload") String payload,
    @JsonProperty("emittedBy") String emittedBy,
    @JsonProperty("createdAt")
        @JsonSerialize(using = IsoInstant.class)
        @JsonDeserialize(using = InstantReader.class)
        Instant createdAt) {}
