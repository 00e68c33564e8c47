package dev.slmmesh.http;

import dev.slmmesh.wire.Answer;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.WireText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The 413 of a request that declares a body over {@link ApiHandler#MAX_BODY}: written at once (a
 * client that declares a huge length and sends nothing gets its answer without waiting), then what
 * the client still sends is read and thrown away, at most {@link #DRAIN_BYTES} for at most {@link
 * #DRAIN_TIME_MS}, so that a client still writing its body can read the 413 instead of meeting a
 * reset; then the connection is closed. Runs on a pool thread (it blocks).
 */
final class TooLargeReply {
  static final long DRAIN_BYTES = 64L * ApiHandler.MAX_BODY;
  static final long DRAIN_TIME_MS = 2_000;

  private TooLargeReply() {}

  static void send(Request request, Response response, Callback callback) {
    byte[] bytes =
        Json.write(new Answer.Refusal(WireText.BODY_TOO_LARGE))
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    response.setStatus(413);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    try (Blocker.Callback written = Blocker.callback()) {
      response.write(false, ByteBuffer.wrap(bytes), written);
      written.block();
    } catch (IOException e) {
      callback.failed(e);
      return;
    }
    Scheduler.Task deadline =
        request
            .getComponents()
            .getScheduler()
            .schedule(
                () -> callback.failed(new TimeoutException("413 sent; body not drained in time")),
                DRAIN_TIME_MS,
                TimeUnit.MILLISECONDS);
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] sink = new byte[65_536];
      long total = 0;
      int n;
      while (total < DRAIN_BYTES && (n = in.read(sink)) >= 0) {
        total += n;
      }
    } catch (IOException | RuntimeException e) {
      // the deadline aborted the read, or the client went away: the 413 was written already
    }
    if (deadline.cancel()) {
      response.write(true, null, callback);
    }
  }
}
