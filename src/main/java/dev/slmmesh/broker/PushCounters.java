package dev.slmmesh.broker;

/**
 * Totals of push delivery since the broker started, for {@code /status}: notifications dropped
 * because a peer's queue was full (the peer stopped reading), and re-queues of the dropped messages
 * from the store once such a peer's queue had drained.
 */
public record PushCounters(long dropped, long resyncs) {
  public static final PushCounters NONE = new PushCounters(0, 0);

  public PushCounters plus(PushCounters other) {
    return new PushCounters(dropped + other.dropped, resyncs + other.resyncs);
  }
}
