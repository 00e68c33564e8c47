package dev.slmmesh.store;

import org.jspecify.annotations.Nullable;

/** An inbox read: unread only or all, optionally from one sender, at most {@code limit} rows. */
public record InboxQuery(String peerId, boolean unreadOnly, @Nullable String from, int limit) {
  public InboxQuery {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
  }
}
