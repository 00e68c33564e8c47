package dev.slmmesh.push;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * Message ids queued or written on the current connection, for de-duplication. Bounded: past the
 * cap the oldest id is forgotten, which at worst lets a duplicate through (delivery is
 * at-least-once anyway). Confined to the link's I/O thread.
 */
final class SentIds {

  private final int capacity;
  private final LinkedHashSet<String> ids = new LinkedHashSet<>();

  SentIds(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Records the id; false if it was already recorded. */
  boolean add(String id) {
    if (!ids.add(id)) {
      return false;
    }
    if (ids.size() > capacity) {
      Iterator<String> oldest = ids.iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }

  /** Forgets the id (it was acknowledged); false if it was not recorded. */
  boolean remove(String id) {
    return ids.remove(id);
  }

  void clear() {
    ids.clear();
  }

  int size() {
    return ids.size();
  }
}
