package dev.slmmesh.broker;

import java.util.Map;
import java.util.Optional;

/**
 * What happened on the mesh, told after it is stored, for an observer outside the broker (the
 * memory bridge, wired by the daemon). Calls come from request threads: an implementation must
 * return at once and never throw.
 */
public interface MeshActivity {
  MeshActivity NONE = new MeshActivity() {};

  /** A stored message; {@code to} is a peer id or {@code broadcast}. */
  default void message(String from, String to, String text) {}

  default void stateChanged(String namespace, String key, String value, String by) {}

  /** A stored event, its payload as JSON. */
  default void event(String type, String by, String payloadJson) {}

  /** Counters for {@code /status} under {@code memory}; empty adds nothing. */
  default Optional<Map<String, Object>> report() {
    return Optional.empty();
  }
}
