package dev.slmmesh.http;

import dev.slmmesh.broker.Broker;
import dev.slmmesh.broker.BrokerException;
import dev.slmmesh.wire.Reply;
import java.util.Map;

/** {@code /state}: get, set, list, delete (docs/wire.md). */
final class StateRoutes {
  private final Broker broker;

  StateRoutes(Broker broker) {
    this.broker = broker;
  }

  void addTo(Map<String, Route> routes) {
    routes.put("POST /state", this::state);
  }

  private Object state(JsonBody b) {
    String action = b.required("action");
    if (action == null) {
      throw new BrokerException("action is required");
    }
    String namespace = b.optional("namespace", "default");
    String key = b.required("key");
    switch (action) {
      case "get":
        return Reply.ok().with("entry", broker.state().get(namespace, need(key, "key is required for get")).orElse(null));
      case "set":
        String value = b.optional("value");
        String peerId = b.required("peerId");
        if (key == null || value == null || peerId == null) {
          throw new BrokerException("key, value, and peerId are required for set");
        }
        return Reply.ok().with("entry", broker.state().set(namespace, key, value, peerId, b.optional("credential")));
      case "list":
        return Reply.ok().with("entries", broker.state().list(namespace));
      case "delete":
        // "deleted" is ours: false when there was no such key (the original answered ok alone)
        return Reply.ok().with("deleted", broker.state().delete(namespace, need(key, "key is required for delete")));
      default:
        throw new BrokerException("Unknown action: " + action);
    }
  }

  static String need(String value, String error) {
    if (value == null) {
      throw new BrokerException(error);
    }
    return value;
  }
}
