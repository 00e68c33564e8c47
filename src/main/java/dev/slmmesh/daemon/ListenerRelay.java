package dev.slmmesh.daemon;

import dev.slmmesh.broker.DeliveryListener;
import java.util.List;

/**
 * Breaks the construction cycle between the push hub (which reports to a listener) and the broker's
 * deliveries (which need the hub): the hub gets this relay, the relay gets the target.
 */
final class ListenerRelay implements DeliveryListener {
  private volatile DeliveryListener target = DeliveryListener.NONE;

  void target(DeliveryListener listener) {
    this.target = listener;
  }

  @Override
  public void linkUp(String peerId) {
    target.linkUp(peerId);
  }

  @Override
  public void drained(String peerId) {
    target.drained(peerId);
  }

  @Override
  public void written(String peerId, List<String> messageIds) {
    target.written(peerId, messageIds);
  }

  @Override
  public void acknowledged(String peerId, List<String> messageIds) {
    target.acknowledged(peerId, messageIds);
  }

  @Override
  public void confirmed(List<Receipt> receipts) {
    target.confirmed(receipts);
  }

  @Override
  public boolean confirmAtOnce(Receipt receipt) {
    return target.confirmAtOnce(receipt);
  }
}
