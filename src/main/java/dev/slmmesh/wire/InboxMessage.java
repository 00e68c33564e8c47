package dev.slmmesh.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A message as an inbox shows it: the original's keys in its order, then ours ({@code status},
 * {@code fromName}: the sender's name, {@code cli} for a person, the id of a peer that is gone).
 */
public record InboxMessage(
    @JsonUnwrapped Message message, @JsonProperty("fromName") String fromName) {}
