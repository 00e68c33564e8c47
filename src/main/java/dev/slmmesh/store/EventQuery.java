package dev.slmmesh.store;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** An event read: types (empty = all), strictly after {@code since} if given, newest first. */
public record EventQuery(List<String> types, @Nullable Instant since, int limit) {
  public EventQuery {
    types = List.copyOf(types);
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
  }
}
