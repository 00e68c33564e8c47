package dev.slmmesh.http;

import dev.slmmesh.broker.Broker;
import dev.slmmesh.broker.BrokerException;
import dev.slmmesh.wire.MeshRoute;
import dev.slmmesh.wire.StateApi;
import java.util.Map;

/** {@code /state}: get, set, list, delete (docs/wire.md). */
final class StateRoutes {
  private final Broker broker;

  StateRoutes(Broker broker) {
    this.broker = broker;
  }

  void addTo(Map<String, Route> routes) {
    routes.put(MeshRoute.STATE.key(), b -> state(Requests.state(b)));
  }

  private Object state(StateApi.Request r) {
    String namespace = r.namespace() == null ? "default" : r.namespace();
    String key = r.key();
    switch (r.action()) {
      case StateApi.GET:
        return new StateApi.Entry(
            broker
                .state()
                .get(namespace, Requests.need(key, "key is required for get"))
                .orElse(null));
      case StateApi.SET:
        if (key == null || r.value() == null || r.peerId() == null) {
          throw new BrokerException("key, value, and peerId are required for set");
        }
        return new StateApi.Entry(
            broker.state().set(namespace, key, r.value(), r.peerId(), r.credential()));
      case StateApi.LIST:
        return new StateApi.Entries(broker.state().list(namespace));
      case StateApi.DELETE:
        // "deleted" is ours: false when there was no such key (the original answered ok alone)
        return new StateApi.Deleted(
            broker.state().delete(namespace, Requests.need(key, "key is required for delete")));
      default:
        throw new BrokerException("Unknown action: " + r.action());
    }
  }
}
