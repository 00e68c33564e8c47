package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.client.HubPush;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Client role: the hub's push WebSocket in place of the local push socket. A message is queued for
 * the model through {@link Delivery} and then acknowledged on the same connection, exactly as
 * {@link PushInbound} does for a local broker. Message texts are never logged.
 */
final class HubInbound implements HubPush.Receiver {

  private final Delivery delivery;
  private volatile @Nullable HubPush push;

  HubInbound(Delivery delivery) {
    this.delivery = delivery;
  }

  /** Connects to the hub as soon as the session is registered, following re-registrations. */
  static HubPush open(dev.slmmesh.client.BrokerClient client, Session session, Delivery delivery) {
    HubInbound inbound = new HubInbound(delivery);
    HubPush push =
        new HubPush(
            client.hubSession(),
            () -> {
              Identity id = session.current();
              return id == null || id.credential() == null
                  ? Optional.empty()
                  : Optional.of(new HubPush.Identity(id.peerId(), id.credential()));
            },
            inbound);
    inbound.push = push;
    return push;
  }

  @Override
  public void onNotification(ObjectNode envelope) {
    Optional<PendingMessage> message = PendingMessage.fromPush(envelope);
    if (message.isPresent()) {
      PendingMessage m = message.get();
      boolean fresh = delivery.accept(m);
      Log.LOG.debug(
          "Hub push: message {} from {}{}",
          m.messageId(),
          m.fromPeer(),
          fresh ? "" : " (repeat, ignored)");
      HubPush p = push;
      if (p != null) {
        p.ack(List.of(m.messageId()));
      }
    } else if ("shutdown".equals(envelope.path("type").asText(""))) {
      Log.LOG.info("Hub push: the hub announced its shutdown; reconnecting when it is back");
    } else {
      Log.LOG.debug("Hub push: {}", envelope.path("type").asText(""));
    }
  }

  @Override
  public void onReady() {
    Log.LOG.info("Hub push connection is up");
  }

  @Override
  public void onRefused(String reason) {
    Log.LOG.warn("Hub refused the push connection: {}", reason);
  }

  /** Created on first use, once logging is set up ({@link McpLogs}). */
  private static final class Log {
    static final Logger LOG = McpLogs.logger(HubInbound.class);
  }
}
