package dev.slmmesh.store;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The writing half of a {@link Database}: what a table class that must not read its rows itself is
 * given ({@link MessageTable}, whose reads go through {@link MessageReads}).
 */
interface SqlWrites {
  /** Runs {@code work} in one transaction, or in a savepoint of the current one (group commit). */
  <T> T transaction(String operation, Supplier<T> work);

  /** Runs an INSERT, UPDATE or DELETE; returns the number of rows changed. */
  int update(String operation, String sql, @Nullable Object... params);

  /** Runs {@code hook} once the calling write commits (never if it rolls back). */
  void afterCommit(Runnable hook);

  /** True if the calling thread is inside a transaction (its own or a group commit it runs). */
  boolean inTransaction();
}
