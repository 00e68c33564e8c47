package dev.slmmesh.push;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * Message ids queued or written on the current connection, for de-duplication. Bounded: past the
 * cap the oldest id is forgotten, which at worst lets a duplicate through (delivery is
 * at-least-once anyway). Thread-safe: the writer adds under the link's write lock, on whichever
 * thread writes, while the I/O thread removes acknowledged ids.
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
  synchronized boolean add(String id) {
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
  synchronized boolean remove(String id) {
    return ids.remove(id);
  }

  synchronized void clear() {
    ids.clear();
  }

  synchronized int size() {
    return ids.size();
  }
}
