package dev.slmmesh.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.jspecify.annotations.Nullable;

/**
 * A message as an inbox shows it: the original's keys in its order, then ours ({@code status},
 * {@code fromName}: the sender's name, {@code cli} for a person, the id of a peer that is gone;
 * {@code senderRegistered}: {@code false} when the sender is no registered peer, else absent).
 */
public record InboxMessage(
    @JsonUnwrapped Message message,
    @JsonProperty("fromName") String fromName,
    @JsonProperty("senderRegistered") @JsonInclude(JsonInclude.Include.NON_NULL)
        @Nullable Boolean senderRegistered) {

  public InboxMessage(Message message, String fromName) {
    this(message, fromName, null);
  }

  /** The same message marked as sent by someone who is no registered peer. */
  public InboxMessage fromUnregistered() {
    return new InboxMessage(message, fromName, false);
  }
}
