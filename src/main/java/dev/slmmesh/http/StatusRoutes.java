package dev.slmmesh.http;

import dev.slmmesh.broker.Broker;
import dev.slmmesh.broker.StatusReport;
import dev.slmmesh.config.Config;
import dev.slmmesh.store.Stats;
import dev.slmmesh.wire.MeshRoute;
import dev.slmmesh.wire.StatusApi;
import java.util.Map;

/** {@code GET /health} (no auth) and {@code GET /status}. */
final class StatusRoutes {
  private final Broker broker;

  StatusRoutes(Broker broker) {
    this.broker = broker;
  }

  void addTo(Map<String, Route> routes) {
    routes.put(
        MeshRoute.HEALTH.key(),
        b -> new StatusApi.Health("ok", Config.VERSION, broker.status().uptimeSeconds()));
    routes.put(MeshRoute.STATUS.key(), b -> status(broker.status().status()));
  }

  static StatusApi.Status status(StatusReport.Snapshot s) {
    Stats st = s.stats();
    return new StatusApi.Status(
        "ok",
        Config.VERSION,
        s.uptimeSeconds(),
        s.pid(),
        s.port(),
        new StatusApi.Peers(st.peersActive(), st.peersStale(), st.peersTotal()),
        new StatusApi.Messages(st.messagesTotal(), st.messagesUndelivered()),
        new StatusApi.Locks(st.locksActive()),
        new StatusApi.Events(st.eventsTotal()),
        new StatusApi.Db(s.dbBytes(), s.walBytes()),
        new StatusApi.Machine(s.machine().id(), s.machine().name()),
        new StatusApi.Push(s.push().dropped(), s.push().resyncs()),
        s.memory().orElse(null));
  }
}
