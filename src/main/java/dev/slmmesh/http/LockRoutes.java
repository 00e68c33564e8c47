package dev.slmmesh.http;

import dev.slmmesh.broker.Broker;
import dev.slmmesh.broker.BrokerException;
import dev.slmmesh.broker.LockTable;
import dev.slmmesh.wire.Answer;
import dev.slmmesh.wire.LockApi;
import dev.slmmesh.wire.MeshRoute;
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
    routes.put(MeshRoute.LOCK.key(), b -> lock(Requests.lock(b), b.has("ttlMinutes")));
  }

  /** {@code ttlGiven}: the body has {@code ttlMinutes}, a number or not. */
  private Object lock(LockApi.Request r, boolean ttlGiven) {
    String filePath = r.filePath();
    String peerId = r.peerId();
    switch (r.action()) {
      case LockApi.LOCK:
        if (filePath == null || peerId == null) {
          throw new BrokerException("filePath and peerId are required for lock");
        }
        if (ttlGiven && r.ttlMinutes() == null) {
          throw new BrokerException("ttlMinutes must be a number greater than 0 and at most 1440");
        }
        double ttl = r.ttlMinutes() == null ? defaultTtl.toMillis() / 60_000.0 : r.ttlMinutes();
        String reason = r.reason() == null ? "" : r.reason();
        LockTable.Granted g = broker.locks().lock(filePath, peerId, r.credential(), reason, ttl);
        return new LockApi.Granted(g.lock(), g.renewed() ? Boolean.TRUE : null);
      case LockApi.UNLOCK:
        if (filePath == null || peerId == null) {
          throw new BrokerException("filePath and peerId are required for unlock");
        }
        broker.locks().unlock(filePath, peerId, r.credential());
        return Answer.Ok.INSTANCE;
      case LockApi.QUERY:
        return new LockApi.Locks(broker.locks().query(filePath, peerId));
      default:
        throw new BrokerException("Unknown action: " + r.action());
    }
  }
}
