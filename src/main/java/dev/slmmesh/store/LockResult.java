package dev.slmmesh.store;

import dev.slmmesh.wire.Lock;

/**
 * Outcome of {@link LockStore#acquire}: granted (new or renewed) with the stored lock, or refused
 * with the holder's.
 */
public record LockResult(Outcome outcome, Lock lock) {
  public enum Outcome {
    ACQUIRED,
    RENEWED,
    REFUSED
  }

  public boolean granted() {
    return outcome != Outcome.REFUSED;
  }
}
