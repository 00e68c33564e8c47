package dev.slmmesh.push;

import dev.slmmesh.wire.Notification;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small notification builders for the push tests. */
final class Notifications {

  private Notifications() {}

  static Notification message(String id) {
    return message(id, "hello " + id);
  }

  static Notification message(String id, String text) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("messageId", id);
    payload.put("fromPeer", "sender");
    payload.put("text", text);
    return new Notification(Notification.MESSAGE, payload, Instant.parse("2026-04-08T10:30:01Z"));
  }

  static Notification locked(String file) {
    return Notification.locked(file, "holder", Instant.parse("2026-04-08T10:30:02Z"));
  }
}
