package dev.slmmesh.push;

import java.util.function.Consumer;

/**
 * A message-framed connection to one remote peer, as {@link WsPushHub} sees it: the hub's WebSocket
 * endpoint (in {@code http}) adapts its Jetty session to this, so that push does not depend on the
 * web server. Implementations must accept {@link #send} from any thread and call back once per
 * frame.
 */
public interface PushSocket {
  /** WebSocket close codes the hub uses (RFC 6455, 7.4.1). */
  int NORMAL = 1000;

  int SHUTDOWN = 1001;

  int SERVER_ERROR = 1011;

  /** Sends one text frame; exactly one of the callbacks runs when it was written or failed. */
  void send(String text, Runnable written, Consumer<Throwable> failed);

  /** Closes the connection with a close code and reason; idempotent. */
  void close(int status, String reason);

  boolean isOpen();
}
