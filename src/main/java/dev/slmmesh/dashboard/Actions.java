package dev.slmmesh.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.broker.Broker;
import dev.slmmesh.broker.BrokerException;
import dev.slmmesh.wire.Answer;
import dev.slmmesh.wire.MessageApi;
import dev.slmmesh.wire.StateApi;
import dev.slmmesh.wire.WireText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the person may do from the page, each through the broker's own rules (the same checks and
 * events as the API), acting as the person's peer id {@link WireText#CLI_PEER}
 * (docs/conventions.md, "A person on the mesh"): send or broadcast, read their inbox's messages,
 * release a lock whoever holds it, set or delete a state key.
 */
final class Actions {
  static final String PERSON = WireText.CLI_PEER;
  private final Map<String, Function<JsonNode, Answer>> byPath;

  Actions(Broker broker) {
    this.byPath =
        Map.of(
            "/dashboard/api/send",
            b ->
                Bodies.sent(
                    broker
                        .mailbox()
                        .send(
                            PERSON,
                            text(b, "to"),
                            text(b, "message"),
                            optional(b, "type", "text"),
                            null)),
            "/dashboard/api/read",
            b -> new MessageApi.Marked(broker.mailbox().markRead(PERSON, null, ids(b))),
            "/dashboard/api/lock/release",
            b -> new Bodies.Released(broker.locks().forceRelease(text(b, "path"), PERSON)),
            "/dashboard/api/state/set",
            b ->
                new StateApi.Entry(
                    broker
                        .state()
                        .set(text(b, "namespace"), text(b, "key"), text(b, "value"), PERSON, null)),
            "/dashboard/api/state/delete",
            b -> {
              broker.state().delete(text(b, "namespace"), text(b, "key"));
              return Answer.Ok.INSTANCE;
            });
  }

  boolean handles(String path) {
    return byPath.containsKey(path);
  }

  /** Runs the action at {@code path}; a refusal is a BrokerException naming the field or rule. */
  Answer run(String path, JsonNode body) {
    return byPath.get(path).apply(body);
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual()) {
      throw new BrokerException(field + " is required (a string)");
    }
    return v.textValue();
  }

  private static List<String> ids(JsonNode body) {
    JsonNode v = body.get("ids");
    List<String> ids = new ArrayList<>();
    if (v != null && v.isArray()) {
      v.forEach(id -> ids.add(id.asText()));
    }
    if (ids.isEmpty() || ids.stream().anyMatch(String::isEmpty)) {
      throw new BrokerException("ids is required (a non-empty array of message ids)");
    }
    return ids;
  }

  private static String optional(JsonNode body, String field, String fallback) {
    JsonNode v = body.get(field);
    return v == null || v.isNull() ? fallback : text(body, field);
  }
}
