package dev.slmmesh.http;

import dev.slmmesh.broker.BrokerException;
import dev.slmmesh.broker.Credentials;

/**
 * On a hub's network port every peer-scoped action needs the acting peer's credential: a peer
 * without one (an original-style local client) cannot be acted for from another machine at all. The
 * acting peer is {@code peerId} or {@code fromPeer} of the body.
 */
final class RemoteGuard implements ApiHandler.Guard {
  static final String NEEDS_CREDENTIAL =
      "Remote callers must present the per-peer credential of peer ";
  private final Credentials credentials;

  RemoteGuard(Credentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public void check(String routeKey, JsonBody body) {
    for (String field : new String[] {"peerId", "fromPeer"}) {
      String id = body.optional(field);
      if (id == null || id.isEmpty()) {
        continue;
      }
      if (!credentials.exists(id) || !credentials.matches(id, body.optional("credential"))) {
        throw new BrokerException(NEEDS_CREDENTIAL + id);
      }
    }
  }
}
