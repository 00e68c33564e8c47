package dev.slmmesh.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.wire.Event;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.Lock;
import dev.slmmesh.wire.Message;
import dev.slmmesh.wire.Peer;
import dev.slmmesh.wire.StateEntry;
import java.util.List;

/**
 * The JSON the page renders: one object per peer, message, lock, state entry and event, times in
 * epoch milliseconds, long texts clipped (with their full length, so the page can say so). The page
 * puts every text into the document as text, never as HTML.
 */
final class Views {
  /** A message's text as the timeline shows it. */
  static final int MESSAGE_CLIP = 2000;

  static final int VALUE_CLIP = 500;
  static final int EVENT_CLIP = 500;

  private Views() {}

  /** Every field the peer has on the wire (new ones, such as presence, come along). */
  static ObjectNode peer(Peer p) {
    ObjectNode o = Json.MAPPER.valueToTree(p);
    o.put("startedAtMs", p.startedAt().toEpochMilli());
    o.put("lastHeartbeatMs", p.lastHeartbeat().toEpochMilli());
    return o;
  }

  static ObjectNode message(Message m) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", m.id());
    o.put("from", m.fromPeer());
    o.put("to", m.toPeer());
    o.put("type", m.type());
    clip(o, "text", m.payload(), MESSAGE_CLIP);
    o.put("at", m.createdAt().toEpochMilli());
    o.put("status", m.status());
    if (m.readAt() != null) {
      o.put("readAt", m.readAt().toEpochMilli());
    }
    return o;
  }

  static ObjectNode lock(Lock l) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("path", l.filePath());
    o.put("holder", l.lockedBy());
    o.put("reason", l.reason());
    o.put("lockedAt", l.lockedAt().toEpochMilli());
    o.put("expiresAt", l.expiresAt().toEpochMilli());
    return o;
  }

  static ObjectNode state(StateEntry e) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("namespace", e.namespace());
    o.put("key", e.key());
    clip(o, "value", e.value(), VALUE_CLIP);
    o.put("by", e.updatedBy());
    o.put("at", e.updatedAt().toEpochMilli());
    return o;
  }

  static ObjectNode event(Event e) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", e.id());
    o.put("type", e.type());
    clip(o, "payload", e.payload(), EVENT_CLIP);
    o.put("by", e.emittedBy());
    o.put("at", e.createdAt().toEpochMilli());
    return o;
  }

  static <T> ArrayNode array(
      List<T> items, java.util.function.Function<T, ? extends JsonNode> view) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    items.forEach(i -> a.add(view.apply(i)));
    return a;
  }

  /** Puts {@code text} cut to {@code max} characters, and its full length when it was cut. */
  private static void clip(ObjectNode o, String field, String text, int max) {
    if (text.length() <= max) {
      o.put(field, text);
      return;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    o.put(field, text.substring(0, end));
    o.put(field + "Length", text.length());
  }
}
