package dev.slmmesh.mcp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Ids of messages the model has seen that the broker has not yet been told about ({@code POST
 * /messages/read}). Kept until a report succeeds, so a broker outage delays the read mark but does
 * not lose it. Thread-safe.
 */
final class ReadMarks {
  private static final int MAX = 10_000;
  private final Set<String> ids = new LinkedHashSet<>();

  synchronized void add(Collection<String> messageIds) {
    for (String id : messageIds) {
      if (ids.size() < MAX) {
        ids.add(id);
      }
    }
  }

  /** Takes every queued id; give them back with {@link #add} if the report fails. */
  synchronized List<String> drain() {
    List<String> out = new ArrayList<>(ids);
    ids.clear();
    return out;
  }

  synchronized boolean isEmpty() {
    return ids.isEmpty();
  }
}
