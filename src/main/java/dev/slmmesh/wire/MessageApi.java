package dev.slmmesh.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Requests and answers of {@code /send}, {@code /messages} and ours, {@code /messages/read} and
 * {@code /messages/status} (docs/wire.md). Requests leave out absent fields.
 */
public final class MessageApi {
  private MessageApi() {}

  /**
   * {@code POST /send}: {@code toPeer} a peer id, {@code all} or {@code cli}; {@code whenIdle}
   * ours.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"fromPeer", "toPeer", "payload", "type", "credential", "replyTo", "whenIdle"})
  public record Send(
      @JsonProperty("fromPeer") String fromPeer,
      @JsonProperty("toPeer") String toPeer,
      @JsonProperty("payload") String payload,
      @JsonProperty("type") @Nullable String type,
      @JsonProperty("credential") @Nullable String credential,
      @JsonProperty("replyTo") @Nullable String replyTo,
      @JsonProperty("whenIdle") @Nullable Boolean whenIdle) {

    public static Send of(String fromPeer, String toPeer, String payload, @Nullable String type) {
      return new Send(fromPeer, toPeer, payload, type, null, null, null);
    }
  }

  /**
   * The answer of {@code /send}: {@code messageId} for one recipient ({@code held} ours), {@code
   * messageIds} for a broadcast ({@code queueFull}, ours: recipients left out).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"ok", "messageId", "messageIds", "held", "queueFull"})
  public record Sent(
      @JsonProperty("messageId") @Nullable String messageId,
      @JsonProperty("messageIds") @Nullable List<String> messageIds,
      @JsonProperty("held") @Nullable Boolean held,
      @JsonProperty("queueFull") @Nullable List<String> queueFull)
      implements Answer {}

  /** {@code POST /messages}: {@code filter} {@code unread} (default) or {@code all}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"peerId", "credential", "filter", "from", "limit"})
  public record Inbox(
      @JsonProperty("peerId") String peerId,
      @JsonProperty("credential") @Nullable String credential,
      @JsonProperty("filter") @Nullable String filter,
      @JsonProperty("from") @Nullable String from,
      @JsonProperty("limit") @Nullable Integer limit) {}

  /** The answer of {@code /messages}: newest first. */
  @JsonPropertyOrder({"ok", "messages"})
  public record Messages(@JsonProperty("messages") List<InboxMessage> messages) implements Answer {}

  /** {@code POST /messages/read} and {@code /messages/status} (ours): the peer and message ids. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"peerId", "credential", "messageIds"})
  public record Ids(
      @JsonProperty("peerId") String peerId,
      @JsonProperty("credential") @Nullable String credential,
      @JsonProperty("messageIds") List<String> messageIds) {}

  /** The answer of {@code /messages/read}: how many unread messages it marked. */
  @JsonPropertyOrder({"ok", "marked"})
  public record Marked(@JsonProperty("marked") int marked) implements Answer {}

  /**
   * One receipt: {@code status} {@code queued}, {@code delivered}, {@code read} or {@code expired}.
   */
  @JsonPropertyOrder({"messageId", "toPeer", "status"})
  public record Receipt(
      @JsonProperty("messageId") String messageId,
      @JsonProperty("toPeer") String toPeer,
      @JsonProperty("status") String status) {}

  /** The answer of {@code /messages/status}. */
  @JsonPropertyOrder({"ok", "receipts"})
  public record Receipts(@JsonProperty("receipts") List<Receipt> receipts) implements Answer {}
}
