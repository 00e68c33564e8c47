package dev.slmmesh.push;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue of frames for one peer link: callers offer from any thread, the I/O loop
 * drains. The budget (lines and bytes) covers frames from {@link #offer} until the loop reports
 * them written with {@link #release} or discards everything with {@link #clear}, so a peer that
 * stops reading holds at most the budget. Over budget, frames are dropped and counted (the store
 * keeps messages and the broker re-queues them), with one WARN per overflow episode.
 */
final class Outbox {

  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  private final String peerId;
  private final int maxLines;
  private final long maxBytes;
  private final ArrayDeque<Frame> queued = new ArrayDeque<>();
  private int lines;
  private long bytes;
  private boolean overflowing;
  private long droppedInEpisode;
  private long dropped;
  private final @Nullable LongAdder counter;

  Outbox(String peerId, int maxLines, long maxBytes) {
    this(peerId, maxLines, maxBytes, null);
  }

  /** As above; every drop also counts in {@code counter} (the hub's total, for /status). */
  Outbox(String peerId, int maxLines, long maxBytes, @Nullable LongAdder counter) {
    this.peerId = peerId;
    this.maxLines = maxLines;
    this.maxBytes = maxBytes;
    this.counter = counter;
  }

  /**
   * Queues the frame if it fits the budget and no overflow episode is going on; false (dropped and
   * counted) otherwise. Once a frame is dropped every later one is too, until the loop has written
   * everything queued before it and ends the episode ({@link #endOverflowIfDrained}): a frame taken
   * after a dropped one would overtake it, whereas the broker re-queues the dropped messages from
   * the store, in order, when the episode ends.
   */
  synchronized boolean offer(Frame frame) {
    if (overflowing || lines + 1 > maxLines || bytes + frame.bytes().length > maxBytes) {
      dropped++;
      droppedInEpisode++;
      if (counter != null) {
        counter.increment();
      }
      if (!overflowing) {
        overflowing = true;
        LOG.warn(
            "[push] Queue for peer {} is full ({} lines, {} bytes pending): dropping notifications"
                + " until it drains; the store keeps messages, re-queued once it has",
            peerId,
            lines,
            bytes);
      }
      return false;
    }
    add(frame);
    return true;
  }

  /**
   * Loop: if an overflow episode is going on and every frame queued before it has been written,
   * ends it and returns true (the broker must re-queue what was dropped); false otherwise.
   */
  synchronized boolean endOverflowIfDrained() {
    if (!overflowing || lines > 0 || !queued.isEmpty()) {
      return false;
    }
    endOverflowEpisode();
    return true;
  }

  synchronized boolean overflowing() {
    return overflowing;
  }

  /** Queues the frame even over budget: only for the single shutdown line at close. */
  synchronized void offerAlways(Frame frame) {
    add(frame);
  }

  /** Moves up to {@code max} queued frames to {@code out}; they stay in the budget. */
  synchronized int drainTo(Collection<Frame> out, int max) {
    int moved = 0;
    while (moved < max && !queued.isEmpty()) {
      out.add(queued.poll());
      moved++;
    }
    return moved;
  }

  synchronized boolean hasQueued() {
    return !queued.isEmpty();
  }

  /** Frees the budget of frames that were written or skipped after {@link #drainTo}. */
  synchronized void release(int lineCount, long byteCount) {
    lines = Math.max(0, lines - lineCount);
    bytes = Math.max(0, bytes - byteCount);
  }

  /** Drops every queued frame and resets the budget; the loop discards its drained frames too. */
  synchronized void clear() {
    queued.clear();
    lines = 0;
    bytes = 0;
    endOverflowEpisode();
  }

  synchronized long dropped() {
    return dropped;
  }

  synchronized long pendingBytes() {
    return bytes;
  }

  private void add(Frame frame) {
    queued.add(frame);
    lines++;
    bytes += frame.bytes().length;
  }

  private void endOverflowEpisode() {
    if (overflowing) {
      overflowing = false;
      LOG.warn(
          "[push] Queue for peer {} drained; {} notifications were dropped and are re-queued",
          peerId,
          droppedInEpisode);
      droppedInEpisode = 0;
    }
  }
}
