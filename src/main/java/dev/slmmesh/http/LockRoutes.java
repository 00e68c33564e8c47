package dev.slmmesh.http;

import dev.slmmesh.broker.Broker;
import dev.slmmesh.broker.BrokerException;
import dev.slmmesh.wire.Reply;
import java.time.Duration;
import java.util.Map;

/** {@code /lock}: lock (or renew), unlock, query (docs/wire.md). */
final class LockRoutes {
  private final Broker broker;
  private final Duration defaultTtl;

  LockRoutes(Broker broker, Duration defaultTtl) {
    this.broker = broker;
    this.defaultTtl = defaultTtl;
  }

  void addTo(Map<String, Route> routes) {
    routes.put("POST /lock", this::lock);
  }

  private Object lock(JsonBody b) {
    String action = b.required("action");
    if (action == null) {
      throw new BrokerException("action is required");
    }
    String filePath = b.required("filePath");
    String peerId = b.required("peerId");
    switch (action) {
      case "lock":
        if (filePath == null || peerId == null) {
          throw new BrokerException("filePath and peerId are required for lock");
        }
        return broker.locks().lock(filePath, peerId, b.optional("credential"), b.optional("reason", ""), ttl(b));
      case "unlock":
        if (filePath == null || peerId == null) {
          throw new BrokerException("filePath and peerId are required for unlock");
        }
        broker.locks().unlock(filePath, peerId, b.optional("credential"));
        return Reply.ok();
      case "query":
        return Reply.ok().with("locks", broker.locks().query(filePath, peerId));
      default:
        throw new BrokerException("Unknown action: " + action);
    }
  }

  private double ttl(JsonBody b) {
    if (b.has("ttlMinutes") && b.number("ttlMinutes") == null) {
      throw new BrokerException("ttlMinutes must be a number greater than 0 and at most 1440");
    }
    Double ttl = b.number("ttlMinutes");
    return ttl == null ? defaultTtl.toMillis() / 60_000.0 : ttl;
  }
}
