package dev.slmmesh.http;

import dev.slmmesh.broker.Broker;
import java.util.Map;

/** {@code GET /health} (no auth) and {@code GET /status}. */
final class StatusRoutes {
  private final Broker broker;

  StatusRoutes(Broker broker) {
    this.broker = broker;
  }

  void addTo(Map<String, Route> routes) {
    routes.put("GET /health", b -> broker.status().health());
    routes.put("GET /status", b -> broker.status().status());
  }
}
