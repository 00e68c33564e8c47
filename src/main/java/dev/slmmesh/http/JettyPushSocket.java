package dev.slmmesh.http;

import dev.slmmesh.push.PushSocket;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** A Jetty WebSocket session as the push hub's {@link PushSocket}: the only Jetty part of push. */
final class JettyPushSocket implements PushSocket {
  private final Session session;

  JettyPushSocket(Session session) {
    this.session = session;
  }

  @Override
  public void send(String text, Runnable written, Consumer<Throwable> failed) {
    session.sendText(text, Callback.from(written, failed));
  }

  @Override
  public void close(int status, String reason) {
    session.close(status, reason, Callback.NOOP);
  }

  @Override
  public boolean isOpen() {
    return session.isOpen();
  }
}
