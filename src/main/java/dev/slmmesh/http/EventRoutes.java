package dev.slmmesh.http;

import dev.slmmesh.broker.Broker;
import dev.slmmesh.broker.BrokerException;
import dev.slmmesh.broker.EventBus;
import dev.slmmesh.store.EventQuery;
import dev.slmmesh.wire.Answer;
import dev.slmmesh.wire.EventApi;
import dev.slmmesh.wire.MeshLimits;
import dev.slmmesh.wire.MeshRoute;
import dev.slmmesh.wire.Timestamps;
import dev.slmmesh.wire.WireText;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code /events}: read, subscribe, unsubscribe, and ours: emit. Each action reads its request
 * record's fields in the original's order, so the first missing or wrong field is the one named.
 */
final class EventRoutes {
  static final int MAX_EVENTS = MeshLimits.LIST_MAX;
  private final Broker broker;

  EventRoutes(Broker broker) {
    this.broker = broker;
  }

  void addTo(Map<String, Route> routes) {
    routes.put(MeshRoute.EVENTS.key(), this::events);
  }

  private Object events(JsonBody b) {
    String action = b.optional("action", EventApi.READ);
    switch (action) {
      case EventApi.READ:
        List<String> types = b.strings("types", EventBus.MAX_TYPES);
        String since = b.optional("since");
        Instant after = after(since);
        return read(
            EventApi.Request.read(types, since, b.integer("limit", 50, 1, MAX_EVENTS)), after);
      case EventApi.SUBSCRIBE:
        String subscriber = Requests.need(b.required("peerId"), "peerId is required for subscribe");
        return subscribe(
            EventApi.Request.subscribe(
                subscriber, b.optional("credential"), b.strings("types", EventBus.MAX_TYPES)));
      case EventApi.UNSUBSCRIBE:
        String peerId = Requests.need(b.required("peerId"), "peerId is required for unsubscribe");
        broker.credentials().verify(peerId, b.optional("credential"));
        broker.events().unsubscribe(peerId);
        return Answer.Ok.INSTANCE;
      case EventApi.EMIT:
        String emitter = Requests.need(b.required("peerId"), "peerId is required for emit");
        String type = Requests.need(b.required("type"), "type is required for emit");
        return emit(
            EventApi.Request.emit(emitter, b.optional("credential"), type, b.object("data")));
      default:
        throw new BrokerException("Unknown action: " + action);
    }
  }

  private static @Nullable Instant after(@Nullable String since) {
    if (since == null || since.isEmpty()) {
      return null;
    }
    return Timestamps.parse(since)
        .orElseThrow(
            () ->
                new BrokerException("since must be an ISO timestamp (or YYYY-MM-DD HH:MM:SS UTC)"));
  }

  /** {@code after}: {@code since} of the request, parsed. */
  private EventApi.Events read(EventApi.Request r, @Nullable Instant after) {
    List<String> types = r.types() == null ? List.of() : r.types();
    int limit = r.limit() == null ? 50 : r.limit();
    return new EventApi.Events(broker.events().read(new EventQuery(types, after, limit)));
  }

  private EventApi.Subscribed subscribe(EventApi.Request r) {
    String peerId = Requests.need(r.peerId(), "peerId is required for subscribe");
    List<String> types = r.types() == null ? List.of() : r.types();
    if (types.isEmpty()) {
      throw new BrokerException("types array is required for subscribe");
    }
    broker.credentials().verify(peerId, r.credential());
    if (broker.peers().find(peerId).isEmpty()) {
      throw new BrokerException(WireText.PEER_NOT_FOUND);
    }
    broker.events().subscribe(peerId, types);
    return new EventApi.Subscribed(types);
  }

  private EventApi.Emitted emit(EventApi.Request r) {
    String peerId = Requests.need(r.peerId(), "peerId is required for emit");
    broker.credentials().verify(peerId, r.credential());
    if (broker.peers().find(peerId).isEmpty()) {
      throw new BrokerException(WireText.PEER_NOT_FOUND);
    }
    Map<String, Object> data = r.data() == null ? Map.of() : r.data();
    return new EventApi.Emitted(
        broker
            .events()
            .emitCustom(Requests.need(r.type(), "type is required for emit"), data, peerId));
  }
}
