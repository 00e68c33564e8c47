package dev.slmmesh.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.broker.Broker;
import dev.slmmesh.broker.BrokerException;
import dev.slmmesh.wire.Reply;
import dev.slmmesh.wire.WireText;
import java.util.Map;
import java.util.function.Function;

/**
 * What the person may do from the page, each through the broker's own rules (the same checks and
 * events as the API), acting as {@link WireText#HUMAN}: send or broadcast, release a lock
 * whoever holds it, set or delete a state key.
 */
final class Actions {
  private final Map<String, Function<JsonNode, Reply>> byPath;

  Actions(Broker broker) {
    this.byPath =
        Map.of(
            "/dashboard/api/send",
            b -> broker.mailbox().sendAsHuman(text(b, "to"), text(b, "message"), optional(b, "type", "text")),
            "/dashboard/api/lock/release",
            b -> Reply.ok().with("released", broker.locks().forceRelease(text(b, "path"), WireText.HUMAN)),
            "/dashboard/api/state/set",
            b ->
                Reply.ok()
                    .with(
                        "entry",
                        broker.state().set(text(b, "namespace"), text(b, "key"), text(b, "value"), WireText.HUMAN, null)),
            "/dashboard/api/state/delete",
            b -> {
              broker.state().delete(text(b, "namespace"), text(b, "key"));
              return Reply.ok();
            });
  }

  boolean handles(String path) {
    return byPath.containsKey(path);
  }

  /** Runs the action at {@code path}; a refusal is a BrokerException naming the field or rule. */
  Reply run(String path, JsonNode body) {
    return byPath.get(path).apply(body);
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual()) {
      throw new BrokerException(field + " is required (a string)");
    }
    return v.textValue();
  }

  private static String optional(JsonNode body, String field, String fallback) {
    JsonNode v = body.get(field);
    return v == null || v.isNull() ? fallback : text(body, field);
  }
}
