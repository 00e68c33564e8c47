package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * Who this session is on the mesh. The credential proves it on every peer-scoped request and lets
 * the session reclaim the same id after a broker restart; a broker without credentials (the
 * original) gives none.
 */
record Identity(String peerId, String name, @Nullable String credential) {

  /** Adds {@code peerId} and {@code credential} to a peer-scoped request body. */
  ObjectNode sign(ObjectNode body) {
    body.put("peerId", peerId);
    return withCredential(body);
  }

  ObjectNode withCredential(ObjectNode body) {
    if (credential != null) {
      body.put("credential", credential);
    }
    return body;
  }
}
