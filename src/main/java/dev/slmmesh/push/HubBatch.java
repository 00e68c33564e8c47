package dev.slmmesh.push;

import dev.slmmesh.broker.PushNotifier;
import dev.slmmesh.wire.Notification;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A batch of sends on a {@link PushHub} (a broadcast's hand-off, an event's fan-out to its
 * subscribers, a notification to every link): message lines that differ only in the id are built
 * from one encoding ({@link SharedFrame}), a notification sent to several links again (equal to the
 * previous one) reuses its encoded line, and each I/O loop that got a flush request is woken once,
 * at {@link #close}, instead of once per link. Frames are queued (or written) at each send, in
 * order, as with {@link PushHub#send}; only the wake-up waits. One thread.
 */
final class HubBatch implements PushNotifier.SendBatch {

  private final Function<String, @Nullable Link> links;
  private final List<IoLoop> toWake = new ArrayList<>(2);
  private @Nullable SharedFrame shared;
  private @Nullable Notification lastNotification;
  private @Nullable Frame lastFrame;

  HubBatch(Function<String, @Nullable Link> links) {
    this.links = links;
  }

  @Override
  public void send(String peerId, Notification notification) {
    Link link = links.apply(peerId);
    if (link != null) {
      send(link, notification);
    }
  }

  /** As {@link #send(String, Notification)}, to a link the caller holds (a broadcast's). */
  void send(Link link, Notification notification) {
    if (!link.isConnected()) {
      return;
    }
    if (link.sendQuietly(frame(notification)) && !toWake.contains(link.loop())) {
      toWake.add(link.loop());
    }
  }

  /**
   * The line of {@code notification}: the previous one's bytes again if it is the same (or an
   * equal) notification, a message's from the shared encoding if it fits, else a new encoding.
   */
  Frame frame(Notification notification) {
    Frame last = lastFrame;
    if (last != null
        && (notification == lastNotification || notification.equals(lastNotification))) {
      return last;
    }
    Frame frame = encode(notification);
    lastNotification = notification;
    lastFrame = frame;
    return frame;
  }

  private Frame encode(Notification notification) {
    SharedFrame current = shared;
    if (current == null || !current.fits(notification)) {
      current = SharedFrame.of(notification);
      shared = current;
    }
    return current == null ? Frame.of(notification) : current.frame(notification);
  }

  /** Wakes every loop that has flush requests from this batch. */
  @Override
  public void close() {
    for (IoLoop loop : toWake) {
      loop.wakeup();
    }
    toWake.clear();
  }
}
