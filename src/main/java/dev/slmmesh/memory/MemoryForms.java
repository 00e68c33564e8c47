package dev.slmmesh.memory;

import java.util.Optional;
import java.util.Set;

/**
 * The texts remembered, in the original SLM Mesh's forms, after the secret filter: a message {@code
 * [mesh:message] <from> -> <to or broadcast>: <first 200 chars>}, a state change {@code
 * [mesh:state] <ns>/<key> = <value> (by <peer>)}, an event {@code [mesh:event] <type> by <peer>:
 * <payload>}. Empty when the item must not be remembered.
 */
final class MemoryForms {
  static final int EXCERPT = 200;

  /**
   * Built-in events not remembered as events: messages and state changes have their own forms, and
   * peers joining and leaving are session churn, not knowledge.
   */
  static final Set<String> COVERED =
      Set.of("message_received", "state_changed", "peer_joined", "peer_left");

  private MemoryForms() {}

  static Optional<String> text(MeshMemory.Item item, Set<String> excludedNamespaces) {
    if (item instanceof MeshMemory.MessageItem) {
      MeshMemory.MessageItem m = (MeshMemory.MessageItem) item;
      return Optional.of("[mesh:message] " + m.from() + " -> " + m.to() + ": " + excerpt(m.text()));
    }
    if (item instanceof MeshMemory.StateItem) {
      MeshMemory.StateItem s = (MeshMemory.StateItem) item;
      if (excludedNamespaces.contains(s.namespace())
          || SecretFilter.secretKey(s.key())
          || SecretFilter.secretKey(s.namespace())
          || SecretFilter.looksSecret(s.value())) {
        return Optional.empty();
      }
      return Optional.of(
          "[mesh:state] "
              + s.namespace()
              + "/"
              + s.key()
              + " = "
              + excerpt(s.value())
              + " (by "
              + s.by()
              + ")");
    }
    MeshMemory.EventItem e = (MeshMemory.EventItem) item;
    if (COVERED.contains(e.type())) {
      return Optional.empty();
    }
    return Optional.of("[mesh:event] " + e.type() + " by " + e.by() + ": " + excerpt(e.payload()));
  }

  /** The first 200 characters, redacted before cutting so that no half secret survives the cut. */
  private static String excerpt(String text) {
    String clean = SecretFilter.redact(text);
    return clean.length() <= EXCERPT ? clean : clean.substring(0, EXCERPT);
  }
}
