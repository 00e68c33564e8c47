package dev.slmmesh.broker;

import java.util.List;

/**
 * Callbacks from push delivery to the broker. Called on push threads; implementations must not
 * block for long (they may do a short store write).
 */
public interface DeliveryListener {

  /** A new connection to the peer is up: pending messages must be (re)queued, oldest first. */
  void linkUp(String peerId);

  /**
   * The peer's link had to drop notifications (its queue was full: the peer stopped reading) and
   * has now written everything queued before the first drop, so it takes notifications again: the
   * dropped messages must be re-queued from the store, oldest first, as after {@link #linkUp}. By
   * default {@link #linkUp}.
   */
  default void drained(String peerId) {
    linkUp(peerId);
  }

  /**
   * These message notifications were completely written to the peer's socket. For a peer that does
   * not acknowledge, this is delivery (as in the original).
   */
  void written(String peerId, List<String> messageIds);

  /** The peer acknowledged these messages with an {@code ack} line. */
  void acknowledged(String peerId, List<String> messageIds);

  /**
   * Several {@link #written} and {@link #acknowledged} reports that arrived together, in their
   * order; an implementation may apply them as one store write. By default, one call each.
   */
  default void confirmed(List<Receipt> receipts) {
    for (Receipt r : receipts) {
      if (r.acknowledged()) {
        acknowledged(r.peerId(), r.messageIds());
      } else {
        written(r.peerId(), r.messageIds());
      }
    }
  }

  /**
   * Applies one report on the calling push thread, if that takes no more than queueing a store
   * write, and returns true; returns false, having done nothing, if it needs more (a store read,
   * pushes), and then receives it through {@link #confirmed} on the callback thread. By default
   * false. Must never block.
   */
  default boolean confirmAtOnce(Receipt receipt) {
    return false;
  }

  /** One report: these messages were written to the peer, or acknowledged by it. */
  record Receipt(String peerId, List<String> messageIds, boolean acknowledged) {}

  DeliveryListener NONE =
      new DeliveryListener() {
        @Override
        public void linkUp(String peerId) {}

        @Override
        public void written(String peerId, List<String> messageIds) {}

        @Override
        public void acknowledged(String peerId, List<String> messageIds) {}
      };
}
