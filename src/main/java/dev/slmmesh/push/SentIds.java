package dev.slmmesh.push;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Message ids queued or written on the current connection, for de-duplication, with whether the
 * peer acknowledged each. An acknowledged id stays recorded: until the broker's store has the
 * acknowledgement (it arrives through the callback thread), a refill from the store still lists the
 * message as pending, and re-sending it would show the peer a duplicate. Bounded: past the cap the
 * oldest id is forgotten, which at worst lets a duplicate through (delivery is at-least-once
 * anyway). Thread-safe: the writer adds under the link's write lock, on whichever thread writes,
 * while the I/O thread records acknowledgements.
 */
final class SentIds {

  private final int capacity;

  /** Id to acknowledged, oldest first. */
  private final LinkedHashMap<String, Boolean> ids = new LinkedHashMap<>();

  SentIds(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Records the id; false if it was already recorded. */
  synchronized boolean add(String id) {
    if (ids.putIfAbsent(id, Boolean.FALSE) != null) {
      return false;
    }
    if (ids.size() > capacity) {
      Iterator<String> oldest = ids.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }

  /**
   * Records that the peer acknowledged the id; false if this connection did not send it or it was
   * acknowledged before. The id stays recorded (see the class comment).
   */
  synchronized boolean acknowledge(String id) {
    return ids.replace(id, Boolean.FALSE, Boolean.TRUE);
  }

  synchronized void clear() {
    ids.clear();
  }

  synchronized int size() {
    return ids.size();
  }
}
