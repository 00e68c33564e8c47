package dev.slmmesh.http;

import dev.slmmesh.broker.Broker;
import dev.slmmesh.broker.BrokerException;
import dev.slmmesh.broker.EventBus;
import dev.slmmesh.store.EventQuery;
import dev.slmmesh.wire.MeshLimits;
import dev.slmmesh.wire.Reply;
import dev.slmmesh.wire.Timestamps;
import dev.slmmesh.wire.WireText;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code /events}: read, subscribe, unsubscribe, and ours: emit. */
final class EventRoutes {
  static final int MAX_EVENTS = MeshLimits.LIST_MAX;
  private final Broker broker;

  EventRoutes(Broker broker) {
    this.broker = broker;
  }

  void addTo(Map<String, Route> routes) {
    routes.put("POST /events", this::events);
  }

  private Object events(JsonBody b) {
    String action = b.optional("action", "read");
    switch (action) {
      case "read":
        return read(b);
      case "subscribe":
        return subscribe(b);
      case "unsubscribe":
        String peerId = StateRoutes.need(b.required("peerId"), "peerId is required for unsubscribe");
        broker.credentials().verify(peerId, b.optional("credential"));
        broker.events().unsubscribe(peerId);
        return Reply.ok();
      case "emit":
        return emit(b);
      default:
        throw new BrokerException("Unknown action: " + action);
    }
  }

  private Object read(JsonBody b) {
    List<String> types = b.strings("types", EventBus.MAX_TYPES);
    String since = b.optional("since");
    Instant after = null;
    if (since != null && !since.isEmpty()) {
      after =
          Timestamps.parse(since)
              .orElseThrow(() -> new BrokerException("since must be an ISO timestamp (or YYYY-MM-DD HH:MM:SS UTC)"));
    }
    int limit = b.integer("limit", 50, 1, MAX_EVENTS);
    return Reply.ok().with("events", broker.events().read(new EventQuery(types, after, limit)));
  }

  private Object subscribe(JsonBody b) {
    String peerId = StateRoutes.need(b.required("peerId"), "peerId is required for subscribe");
    List<String> types = b.strings("types", EventBus.MAX_TYPES);
    if (types.isEmpty()) {
      throw new BrokerException("types array is required for subscribe");
    }
    broker.credentials().verify(peerId, b.optional("credential"));
    if (broker.peers().find(peerId).isEmpty()) {
      throw new BrokerException(WireText.PEER_NOT_FOUND);
    }
    broker.events().subscribe(peerId, types);
    return Reply.ok().with("subscribed", types);
  }

  private Object emit(JsonBody b) {
    String peerId = StateRoutes.need(b.required("peerId"), "peerId is required for emit");
    String type = StateRoutes.need(b.required("type"), "type is required for emit");
    Map<String, Object> data = b.object("data");
    broker.credentials().verify(peerId, b.optional("credential"));
    if (broker.peers().find(peerId).isEmpty()) {
      throw new BrokerException(WireText.PEER_NOT_FOUND);
    }
    return Reply.ok().with("event", broker.events().emitCustom(type, data, peerId));
  }
}
