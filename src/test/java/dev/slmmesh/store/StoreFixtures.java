package dev.slmmesh.store;

import dev.slmmesh.wire.Event;
import dev.slmmesh.wire.Lock;
import dev.slmmesh.wire.Message;
import dev.slmmesh.wire.Peer;
import dev.slmmesh.wire.StateEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Small builders for store rows, all at fixed instants: tests never read the wall clock. */
final class StoreFixtures {
  static final Instant T0 = Instant.parse("2026-04-08T10:30:01.123Z");

  private StoreFixtures() {}

  static Instant at(long secondsAfterT0) {
    return T0.plusSeconds(secondsAfterT0);
  }

  static PeerRecord peer(String id) {
    return peer(id, "/home/u/app", Peer.ACTIVE, T0);
  }

  static PeerRecord peer(String id, String projectPath, String status, Instant heartbeat) {
    Peer peer =
        new Peer(
            id,
            "peer-" + id,
            4242,
            projectPath,
            null,
            null,
            "claude-code",
            "",
            null,
            T0,
            heartbeat,
            status,
            null,
            null);
    return new PeerRecord(peer, false);
  }

  static PeerRecord fullPeer(String id, @Nullable String gitRoot) {
    Peer peer =
        new Peer(
            id,
            "name-" + id,
            51234,
            "/home/u/app",
            gitRoot,
            "main",
            "cursor",
            "editing auth",
            "/home/u/.slm-mesh/peers/" + id + ".sock",
            T0,
            at(5),
            Peer.ACTIVE,
            "channel",
            null);
    return new PeerRecord(peer, true);
  }

  static Message message(String id, String from, String to, Instant createdAt) {
    return new Message(id, from, to, "text", "payload " + id, createdAt, null, false);
  }

  static Event event(String id, String type, Instant createdAt) {
    return new Event(id, type, "{\"n\":\"" + id + "\"}", "emitter", createdAt);
  }

  static Lock lock(String path, String owner, Instant lockedAt, Duration ttl) {
    return new Lock(path, owner, lockedAt, lockedAt.plus(ttl), "reason of " + owner);
  }

  static StateEntry entry(String namespace, String key, String value, Instant updatedAt) {
    return new StateEntry(key, namespace, value, "peer-a", updatedAt);
  }

  /** The ids of peers, messages or events, in list order. */
  static List<String> ids(List<?> rows) {
    List<String> ids = new ArrayList<>();
    for (Object row : rows) {
      if (row instanceof PeerRecord p) {
        ids.add(p.id());
      } else if (row instanceof Message m) {
        ids.add(m.id());
      } else if (row instanceof Event e) {
        ids.add(e.id());
      }
    }
    return ids;
  }
}
