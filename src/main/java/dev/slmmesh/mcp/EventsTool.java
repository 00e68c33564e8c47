package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.client.MeshApi;
import dev.slmmesh.wire.EventApi;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.MeshLimits;
import dev.slmmesh.wire.Timestamps;
import java.util.List;
import java.util.Map;

/** {@code mesh_events}: read, subscribe, unsubscribe and emit ({@code /events}). */
final class EventsTool implements MeshTool {
  static final String NAME = "mesh_events";
  static final ToolSpec SPEC =
      new ToolSpec(
          NAME,
          "Mesh Events",
          "The mesh event log: peers joining and leaving, messages sent, locks, state changes and "
              + "custom events. action \"read\" (default) returns recent events, newest first "
              + "(filter by types, since, limit); \"subscribe\"/\"unsubscribe\" choose the event "
              + "types pushed to this session; \"emit\" publishes a custom event (type plus an "
              + "optional data object) to the other agents. Returns {\"ok\":true,\"events\":[...]}.",
          false,
          List.of(
              Param.choice(
                  "action",
                  "read (default), subscribe, unsubscribe or emit",
                  "read",
                  "subscribe",
                  "unsubscribe",
                  "emit"),
              Param.strings("types", "Event types to read or subscribe to (\"*\" = all)", 100),
              Param.string(
                  "since",
                  "Only events after this time (ISO 8601, e.g. " + "2026-04-08T10:30:00Z)"),
              Param.integer(
                  "limit",
                  "Maximum number of events (1-" + MeshLimits.LIST_MAX + ", default 50)",
                  1,
                  MeshLimits.LIST_MAX),
              Param.string("type", "The custom event type to emit (emit)").length(1, 100),
              Param.object("data", "The custom event's data (emit)")));

  private final Session session;

  EventsTool(Context c) {
    this.session = c.session();
  }

  @Override
  public Object run(ObjectNode args) throws InvalidArgumentsException {
    String action = Args.text(args, "action", EventApi.READ);
    String since = Args.text(args, "since");
    if (since != null && Timestamps.parse(since).isEmpty()) {
      throw new InvalidArgumentsException(
          "\"since\" must be a time such as 2026-04-08T10:30:00Z, got \"" + since + "\"");
    }
    String type = Args.text(args, "type");
    if (action.equals(EventApi.EMIT) && Args.isBlank(type)) {
      throw new InvalidArgumentsException("mesh_events emit needs \"type\"");
    }
    List<String> types = Args.strings(args, "types");
    if (action.equals(EventApi.SUBSCRIBE) && (types == null || types.isEmpty())) {
      throw new InvalidArgumentsException("mesh_events subscribe needs \"types\"");
    }
    Integer given = Args.integer(args, "limit");
    int limit = given == null ? 50 : given;
    Map<String, Object> data = action.equals(EventApi.EMIT) ? data(args.get("data")) : null;
    MeshApi api = session.api();
    return session.exchange(
        id -> {
          switch (action) {
            case EventApi.EMIT:
              return api.emit(EventApi.Request.emit(id.peerId(), id.credential(), type, data));
            case EventApi.SUBSCRIBE:
              return api.subscribe(
                  new EventApi.Request(
                      action, id.peerId(), id.credential(), null, null, types, since, limit));
            case EventApi.UNSUBSCRIBE:
              return api.unsubscribe(
                  new EventApi.Request(
                      action, id.peerId(), id.credential(), null, null, types, since, limit));
            default:
              return api.events(
                  new EventApi.Request(
                      action, id.peerId(), id.credential(), null, null, types, since, limit));
          }
        });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(JsonNode data) {
    return data == null ? Map.of() : Json.MAPPER.convertValue(data, Map.class);
  }
}
