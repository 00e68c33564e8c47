package dev.slmmesh.push;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The write side of one connection: takes frames from the {@link Outbox} in order, skips message
 * ids this connection already carried, and writes with gathering, non-blocking writes. Frames stay
 * in the outbox budget until completely written. Guarded by the link's write lock: used by the I/O
 * thread and by a sender writing to an idle link.
 */
final class LinkWriter {

  private static final int BATCH = 64;
  private static final long MAX_BYTES_PER_ROUND = 1L << 20;

  private final Outbox outbox;
  private final SentIds sentIds;
  private final ArrayDeque<Frame> frames = new ArrayDeque<>();
  private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();
  private final List<Frame> drained = new ArrayList<>(BATCH);
  private final ByteBuffer[] scratch = new ByteBuffer[BATCH];

  LinkWriter(Outbox outbox, SentIds sentIds) {
    this.outbox = outbox;
    this.sentIds = sentIds;
  }

  boolean hasPending() {
    return !frames.isEmpty();
  }

  /**
   * Writes until the socket is full, everything is written, or a round's byte budget (fairness
   * between links on one loop) is spent. Ids of completely written message frames go to {@code
   * written}, also when a later write throws. Returns true if bytes remain to be written.
   */
  boolean write(SocketChannel channel, List<String> written) throws IOException {
    long budget = MAX_BYTES_PER_ROUND;
    while (budget > 0) {
      refill();
      if (frames.isEmpty()) {
        return false;
      }
      int count = 0;
      for (ByteBuffer buffer : buffers) {
        scratch[count++] = buffer;
      }
      budget -= channel.write(scratch, 0, count);
      Arrays.fill(scratch, 0, count, null);
      complete(written);
      if (!frames.isEmpty()) {
        // a gathering write that left the head unfinished means the socket buffer is full
        return true;
      }
    }
    return true;
  }

  void clear() {
    frames.clear();
    buffers.clear();
  }

  private void refill() {
    while (frames.size() < BATCH && outbox.drainTo(drained, BATCH - frames.size()) > 0) {
      for (Frame frame : drained) {
        String id = frame.messageId();
        if (id != null && !sentIds.add(id)) {
          outbox.release(1, frame.bytes().length);
        } else {
          frames.add(frame);
          buffers.add(ByteBuffer.wrap(frame.bytes()));
        }
      }
      drained.clear();
    }
  }

  private void complete(List<String> written) {
    while (!buffers.isEmpty() && !buffers.peek().hasRemaining()) {
      buffers.poll();
      Frame frame = frames.poll();
      outbox.release(1, frame.bytes().length);
      String id = frame.messageId();
      if (id != null) {
        written.add(id);
      }
    }
  }
}
