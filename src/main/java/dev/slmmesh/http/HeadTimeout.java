package dev.slmmesh.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that has not sent the head of its first request within the timeout (a
 * connection that opens and then sends a partial request line, or nothing, holds a file descriptor
 * for the whole idle timeout otherwise). Added to a connector as a bean, it hears of every
 * connection the connector opens.
 */
final class HeadTimeout implements Connection.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(HeadTimeout.class);
  private final Scheduler scheduler;
  private final Duration timeout;

  HeadTimeout(Scheduler scheduler, Duration timeout) {
    this.scheduler = scheduler;
    this.timeout = timeout;
  }

  @Override
  public void onOpened(Connection connection) {
    scheduler.schedule(() -> check(connection), timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void check(Connection connection) {
    if (connection.getEndPoint().isOpen() && connection.getMessagesIn() == 0) {
      LOG.debug(
          "Closing {}: no request head within {} ms",
          connection.getEndPoint().getRemoteSocketAddress(),
          timeout.toMillis());
      connection.getEndPoint().close();
    }
  }
}
