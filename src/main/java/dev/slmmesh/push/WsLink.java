package dev.slmmesh.push;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One remote peer's push connection: text frames go out one at a time, in the order they were
 * queued, from a bounded queue; a message id is queued at most once per connection. An overrun
 * closes the connection, so the client reconnects and gets everything unacknowledged again. Created
 * by {@link WsPushHub#attach} once the peer proved itself.
 */
public final class WsLink {
  static final int MAX_QUEUE = 10_000;
  static final int MAX_SENT_IDS = 100_000;

  private record Out(String text, @Nullable String messageId) {}

  private final String peerId;
  private final PushSocket session;
  private final WsPushHub hub;
  private final ArrayDeque<Out> queue = new ArrayDeque<>();
  private final Set<String> sentIds = new HashSet<>();
  private boolean pumping;
  private boolean inFlight;
  private boolean closed;

  WsLink(String peerId, PushSocket session, WsPushHub hub) {
    this.peerId = peerId;
    this.session = session;
    this.hub = hub;
  }

  public String peerId() {
    return peerId;
  }

  synchronized boolean isOpen() {
    return !closed && session.isOpen();
  }

  /** Queues one frame; false if the link is closed, the id was already sent, or on overrun. */
  boolean enqueue(String text, @Nullable String messageId) {
    synchronized (this) {
      if (closed || (messageId != null && sentIds.contains(messageId))) {
        return false;
      }
      if (queue.size() >= MAX_QUEUE || sentIds.size() >= MAX_SENT_IDS) {
        closeLocked(PushSocket.SERVER_ERROR, "push queue overrun; reconnect to resume");
        return false;
      }
      if (messageId != null) {
        sentIds.add(messageId);
      }
      queue.addLast(new Out(text, messageId));
    }
    pump();
    return true;
  }

  /**
   * Sends queued frames one at a time. A completion that runs inside {@code sendText} only clears
   * {@code inFlight}: the loop already running goes on, so the stack never grows per frame.
   */
  private void pump() {
    synchronized (this) {
      if (pumping) {
        return;
      }
      pumping = true;
    }
    while (true) {
      Out next;
      synchronized (this) {
        next = inFlight || closed ? null : queue.pollFirst();
        if (next == null) {
          pumping = false;
          return;
        }
        inFlight = true;
      }
      Out sending = next;
      session.send(
          sending.text(),
          () -> {
            if (sending.messageId() != null) {
              hub.written(peerId, List.of(sending.messageId()));
            }
            synchronized (this) {
              inFlight = false;
            }
            pump();
          },
          failure -> close(PushSocket.SERVER_ERROR, "write failed"));
    }
  }

  /** Closes the connection (a {@link PushSocket} close code); the peer reconnects to resume. */
  public void close(int status, String reason) {
    synchronized (this) {
      closeLocked(status, reason);
    }
  }

  private void closeLocked(int status, String reason) {
    if (closed) {
      return;
    }
    closed = true;
    queue.clear();
    session.close(status, reason);
  }
}
