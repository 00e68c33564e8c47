package dev.slmmesh.store;

import dev.slmmesh.wire.Event;
import java.time.Instant;
import java.util.List;

/** The event log. */
public interface EventStore {
  void insert(Event event);

  /** Newest first (ties broken by insertion order, newest first). */
  List<Event> read(EventQuery query);

  int prune(Instant createdBefore);
}
