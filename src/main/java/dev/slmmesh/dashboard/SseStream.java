package dev.slmmesh.dashboard;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * One open page's server-sent event stream: frames queue in order and are written one at a time
 * without blocking. A page that falls behind by more than {@link #MAX_QUEUED} bytes is cut off (its
 * browser reconnects and starts from a fresh snapshot) rather than grow the broker's memory.
 * Thread-safe.
 */
final class SseStream implements Page {
  static final int MAX_QUEUED = 4 << 20;

  private final Response response;
  private final Callback done;
  private final Consumer<Page> onClose;

  /** Guarded by {@code this}. */
  private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();

  private long queued;
  private boolean writing;
  private boolean closed;
  private boolean finished;

  SseStream(Response response, Callback done, Consumer<Page> onClose) {
    this.response = response;
    this.done = done;
    this.onClose = onClose;
  }

  /** Queues one event; {@code json} is compact JSON, one line. */
  @Override
  public void send(String event, String json) {
    enqueue("event: " + event + "\ndata: " + json + "\n\n");
  }

  /** A comment line: keeps the connection from idling out and finds a page that went away. */
  @Override
  public void ping() {
    enqueue(": ping\n\n");
  }

  private void enqueue(String frame) {
    ByteBuffer bytes = ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8));
    boolean overflow;
    synchronized (this) {
      if (closed) {
        return;
      }
      overflow = queued + bytes.remaining() > MAX_QUEUED;
      if (!overflow) {
        queue.add(bytes);
        queued += bytes.remaining();
      }
    }
    if (overflow) {
      close();
    } else {
      writeNext();
    }
  }

  private void writeNext() {
    ByteBuffer next;
    synchronized (this) {
      if (writing || closed || queue.isEmpty()) {
        return;
      }
      next = queue.poll();
      queued -= next.remaining();
      writing = true;
    }
    response.write(false, next, Callback.from(this::written, this::failed));
  }

  private void written() {
    boolean end;
    synchronized (this) {
      writing = false;
      end = closed;
    }
    if (end) {
      finish(null);
    } else {
      writeNext();
    }
  }

  private void failed(Throwable cause) {
    synchronized (this) {
      writing = false;
      closed = true;
      queue.clear();
    }
    finish(cause);
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /** Ends the stream (the broker stops, the page fell behind); idempotent. */
  @Override
  public void close() {
    boolean idle;
    synchronized (this) {
      closed = true;
      queue.clear();
      idle = !writing;
    }
    if (idle) {
      finish(null); // otherwise the write in flight finishes it
    }
  }

  /** Completes the response once, after the last write. */
  private void finish(@Nullable Throwable failure) {
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
    }
    onClose.accept(this);
    if (failure == null) {
      response.write(true, null, done);
    } else {
      done.failed(failure);
    }
  }
}
