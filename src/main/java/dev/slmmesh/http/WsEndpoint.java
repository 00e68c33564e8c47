package dev.slmmesh.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.broker.Broker;
import dev.slmmesh.push.WsLink;
import dev.slmmesh.push.WsPushHub;
import dev.slmmesh.wire.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One remote client's push WebSocket (already past session-token auth at the upgrade). The first
 * frame must be {@code {"type":"hello","peerId":...,"credential":...}} naming a registered peer
 * with its per-peer credential; the hub answers {@code {"type":"ready","peerId":...}} and from then
 * on pushes that peer's notifications here and takes {@code {"type":"ack","messageIds":[...]}}
 * frames back. The push itself is {@link WsPushHub}'s; this class only adapts Jetty to it. Public
 * because Jetty instantiates listeners reflectively.
 */
public final class WsEndpoint implements Session.Listener.AutoDemanding {
  static final int MAX_ACK_IDS = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(WsEndpoint.class);

  private final WsPushHub hub;
  private final Broker broker;
  private @Nullable Session session;
  private volatile @Nullable WsLink link;

  WsEndpoint(WsPushHub hub, Broker broker) {
    this.hub = hub;
    this.broker = broker;
  }

  @Override
  public void onWebSocketOpen(Session opened) {
    this.session = opened;
  }

  @Override
  public void onWebSocketText(String text) {
    JsonNode frame;
    try {
      frame = Json.MAPPER.readTree(text);
    } catch (java.io.IOException e) {
      LOG.debug("[ws] Ignoring a non-JSON frame");
      return;
    }
    if (frame == null || !frame.isObject()) {
      return;
    }
    WsLink current = link;
    if (current == null) {
      hello(frame);
    } else if ("ack".equals(frame.path("type").textValue())) {
      List<String> ids = ackIds(frame);
      if (!ids.isEmpty()) {
        hub.acknowledged(current, ids);
      }
    }
  }

  private void hello(JsonNode frame) {
    Session s = session;
    if (s == null) {
      return;
    }
    String peerId = frame.path("peerId").textValue();
    String credential = frame.path("credential").textValue();
    if (!"hello".equals(frame.path("type").textValue()) || peerId == null) {
      refuse(s, "the first frame must be {\"type\":\"hello\",\"peerId\":...,\"credential\":...}");
      return;
    }
    boolean known = broker.peers().find(peerId).isPresent();
    if (!known
        || !broker.credentials().exists(peerId)
        || !broker.credentials().matches(peerId, credential)) {
      refuse(
          s,
          known
              ? "Invalid or missing credential for peer " + peerId
              : "Peer not found: register first");
      return;
    }
    link = hub.attach(peerId, new JettyPushSocket(s));
  }

  private static void refuse(Session s, String why) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("type", "error");
    error.put("error", why);
    s.sendText(
        Json.write(error),
        Callback.from(
            () -> s.close(StatusCode.POLICY_VIOLATION, "hello refused", Callback.NOOP),
            t -> s.close()));
  }

  private static List<String> ackIds(JsonNode frame) {
    JsonNode array = frame.get("messageIds");
    if (array == null || !array.isArray() || array.size() > MAX_ACK_IDS) {
      return List.of();
    }
    List<String> ids = new ArrayList<>(array.size());
    for (JsonNode id : array) {
      if (!id.isTextual() || id.textValue().isEmpty()) {
        return List.of(); // a malformed ack is ignored whole: the messages are pushed again
      }
      ids.add(id.textValue());
    }
    return ids;
  }

  @Override
  public void onWebSocketClose(int statusCode, @Nullable String reason) {
    WsLink current = link;
    if (current != null) {
      hub.detach(current, statusCode);
    }
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    LOG.debug("[ws] Connection error: {}", cause.toString());
    onWebSocketClose(StatusCode.SERVER_ERROR, null);
  }
}
