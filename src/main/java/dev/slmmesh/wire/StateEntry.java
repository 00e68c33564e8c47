package dev.slmmesh.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;

/** One shared key-value entry; {@code updatedAt} in SQLite format, as in the original. */
@JsonPropertyOrder({"key", "namespace", "value", "updatedBy", "updatedAt"})
public record StateEntry(
    @JsonProperty("key") String key,
    @JsonProperty("namespace") String namespace,
    @JsonProperty("value") String value,
    @JsonProperty("updatedBy") String updatedBy,
    @JsonProperty("updatedAt")
        @JsonSerialize(using = IsoInstant.class)
        @JsonDeserialize(using = InstantReader.class)
        Instant updatedAt) {}
