package dev.slmmesh.cli;

import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.client.MeshApi;
import dev.slmmesh.client.PeerNames;
import dev.slmmesh.wire.Peer;
import dev.slmmesh.wire.PeerApi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The active peers as listed once by {@code POST /peers}: turns a name or an id prefix typed by a
 * user into a peer id, and an id into a readable name for tables. Fetched lazily, at most once.
 */
final class PeerDirectory {
  private static final Pattern UUID =
      Pattern.compile("(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

  private final MeshApi mesh;
  private @Nullable Map<String, Peer> byId;

  PeerDirectory(MeshApi mesh) {
    this.mesh = mesh;
  }

  static boolean isPeerId(String text) {
    return UUID.matcher(text).matches();
  }

  /** All active peers, in the broker's order. */
  List<Peer> peers() {
    return new ArrayList<>(load().values());
  }

  /** A full peer id for what the user typed, by the rule mesh_send uses too ({@link PeerNames}). */
  String resolve(String typed) {
    if (PeerNames.isLiteral(typed)) {
      return typed;
    }
    PeerNames.Resolution r = PeerNames.resolve(typed, List.copyOf(load().values()));
    return r.peerId()
        .orElseThrow(() -> CliException.refused(r.problem() + "; see: slm-mesh peers"));
  }

  /**
   * The peer's name, or the id itself for senders that are not active peers ("cli", gone peers).
   */
  String nameOf(String id) {
    Peer peer = load().get(id);
    return peer == null || peer.name() == null ? id : peer.name();
  }

  private Map<String, Peer> load() {
    Map<String, Peer> map = byId;
    if (map == null) {
      map = new LinkedHashMap<>();
      for (Peer p : mesh.peers(PeerApi.PeersQuery.scope("mesh")).peers()) {
        map.put(p.id(), p);
      }
      byId = map;
    }
    return map;
  }
}
