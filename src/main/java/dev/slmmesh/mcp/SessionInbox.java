package dev.slmmesh.mcp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Messages pushed to this session that the model has not seen yet, in arrival order. Delivery is
 * at-least-once, so every id ever accepted is remembered (the newest {@value #REMEMBERED}) and a
 * repeated push of the same id is ignored: the model never sees a message twice. Thread-safe.
 */
final class SessionInbox {
  static final int REMEMBERED = 10_000;

  private final Map<String, PendingMessage> pending = new LinkedHashMap<>();
  private final Set<String> seen = new LinkedHashSet<>();

  /** Queues a new message; false when this id was accepted before. */
  synchronized boolean offer(PendingMessage message) {
    if (!seen.add(message.messageId())) {
      return false;
    }
    if (seen.size() > REMEMBERED) {
      Iterator<String> oldest = seen.iterator();
      oldest.next();
      oldest.remove();
    }
    pending.put(message.messageId(), message);
    return true;
  }

  /** Removes and returns up to {@code max} of the newest pending messages, oldest first. */
  synchronized List<PendingMessage> takeNewest(int max) {
    List<PendingMessage> all = new ArrayList<>(pending.values());
    List<PendingMessage> taken = all.subList(Math.max(0, all.size() - max), all.size());
    taken.forEach(m -> pending.remove(m.messageId()));
    return List.copyOf(taken);
  }

  /**
   * Drops messages the model saw another way (the inbox tool, an acknowledgement) and remembers
   * their ids, so that a later push of one of them is ignored too.
   */
  synchronized void seenElsewhere(Collection<String> messageIds) {
    for (String id : messageIds) {
      pending.remove(id);
      seen.add(id);
    }
  }

  synchronized boolean isPending(String messageId) {
    return pending.containsKey(messageId);
  }

  synchronized List<PendingMessage> pending() {
    return List.copyOf(pending.values());
  }

  synchronized int size() {
    return pending.size();
  }
}
