package dev.slmmesh.store;

import dev.slmmesh.wire.StateEntry;
import java.util.List;
import java.util.Optional;

/** Shared key-value state: (namespace, key) to a string, last writer wins. */
public interface StateStore {
  Optional<StateEntry> get(String namespace, String key);

  /** Insert or replace; returns what was stored. */
  StateEntry put(StateEntry entry);

  /** One namespace's entries, ordered by key. */
  List<StateEntry> list(String namespace);

  /** Every namespace's entries, ordered by namespace then key, at most {@code limit}. */
  List<StateEntry> all(int limit);

  boolean delete(String namespace, String key);
}
