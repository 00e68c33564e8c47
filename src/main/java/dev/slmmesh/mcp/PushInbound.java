package dev.slmmesh.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.wire.Json;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Handles the broker's push lines (docs/wire.md, "Push"): a message is queued for the model through
 * {@link Delivery} and then acknowledged on the same connection; other kinds are logged. Message
 * texts are never logged (they may hold anything a peer wrote).
 */
final class PushInbound implements PushListener.Handler {

  private final Delivery delivery;

  PushInbound(Delivery delivery) {
    this.delivery = delivery;
  }

  @Override
  public void onLine(String line, PushListener.Link link) {
    JsonNode envelope;
    try {
      envelope = Json.MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      Log.LOG.warn("Ignoring a push line that is not JSON ({} characters)", line.length());
      return;
    }
    String type = envelope.path("type").asText("");
    Optional<PendingMessage> message = PendingMessage.fromPush(envelope);
    if (message.isPresent()) {
      PendingMessage m = message.get();
      boolean fresh = delivery.accept(m);
      Log.LOG.debug(
          "Push: message {} from {}{}",
          m.messageId(),
          m.fromPeer(),
          fresh ? "" : " (repeat, ignored)");
      link.writeLine(ack(m.messageId()));
    } else if ("shutdown".equals(type)) {
      Log.LOG.info("Push: the broker announced its shutdown");
    } else {
      Log.LOG.debug("Push: {} {}", type, envelope.path("payload"));
    }
  }

  static String ack(String messageId) {
    ObjectNode ack = Json.MAPPER.createObjectNode();
    ack.put("type", "ack");
    ack.set("messageIds", Delivery.idArray(List.of(messageId)));
    return Json.write(ack);
  }

  /** Created on first use, once logging is set up ({@link McpLogs}). */
  private static final class Log {
    static final Logger LOG = McpLogs.logger(PushInbound.class);
  }
}
