package dev.slmmesh.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.slmmesh.broker.Mailbox;
import dev.slmmesh.wire.Answer;
import dev.slmmesh.wire.Lock;
import dev.slmmesh.wire.MessageApi;

/**
 * The JSON answers of the dashboard's own routes (docs/dashboard.md), all {@code "ok":true} first.
 */
final class Bodies {
  private Bodies() {}

  /** A login link for {@code slm-mesh dashboard}. */
  @JsonPropertyOrder({"ok", "url", "expiresInSeconds"})
  record LoginLink(
      @JsonProperty("url") String url, @JsonProperty("expiresInSeconds") long expiresInSeconds)
      implements Answer {}

  /** The first event of the live feed. */
  @JsonPropertyOrder({"ok", "csrf", "person", "machine", "window"})
  record Hello(
      @JsonProperty("csrf") String csrf,
      @JsonProperty("person") String person,
      @JsonProperty("machine") String machine,
      @JsonProperty("window") int window)
      implements Answer {}

  /** A page of older timeline rows; {@code more} when there may be older ones still. */
  @JsonPropertyOrder({"ok", "rows", "more"})
  record Older(@JsonProperty("rows") ArrayNode rows, @JsonProperty("more") boolean more)
      implements Answer {}

  /** The lock the person released. */
  @JsonPropertyOrder({"ok", "released"})
  record Released(@JsonProperty("released") Lock released) implements Answer {}

  /** The answer of a send from the page: the same keys as {@code /send}'s. */
  static MessageApi.Sent sent(Mailbox.Sent sent) {
    if (sent instanceof Mailbox.Direct) {
      Mailbox.Direct d = (Mailbox.Direct) sent;
      return new MessageApi.Sent(d.messageId(), null, null, null);
    }
    Mailbox.Broadcast b = (Mailbox.Broadcast) sent;
    return new MessageApi.Sent(
        null, b.messageIds(), null, b.queueFull().isEmpty() ? null : b.queueFull());
  }
}
