package dev.slmmesh.store;

import dev.slmmesh.wire.Peer;

/** A stored peer: its wire view plus whether its push listener acknowledges messages. */
public record PeerRecord(Peer peer, boolean acknowledges) {
  public String id() {
    return peer.id();
  }
}
