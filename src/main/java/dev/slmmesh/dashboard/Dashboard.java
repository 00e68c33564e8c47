package dev.slmmesh.dashboard;

import dev.slmmesh.base.Threads;
import dev.slmmesh.broker.Broker;
import java.time.Clock;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard of one broker (docs/dashboard.md), served on its loopback port in front of the
 * API: {@link #in} wraps the API's handler. Owns the feed thread, started only once a page opens.
 */
public final class Dashboard implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);

  private final Broker broker;
  private final ScheduledThreadPoolExecutor thread;
  private final LiveFeed feed;
  private final DashboardHandler handler;

  private Dashboard(
      Broker broker, ScheduledThreadPoolExecutor thread, LiveFeed feed, DashboardHandler handler) {
    this.broker = broker;
    this.thread = thread;
    this.feed = feed;
    this.handler = handler;
  }

  /**
   * The dashboard of {@code broker}; {@code token} is the API's bearer token (the only key to a
   * login code), {@code port} the loopback port it is served on.
   */
  public static Dashboard create(Broker broker, String token, IntSupplier port, Clock clock) {
    ScheduledThreadPoolExecutor thread =
        new ScheduledThreadPoolExecutor(1, Threads.named("dashboard-feed"));
    thread.setRemoveOnCancelPolicy(true);
    LiveFeed feed = new LiveFeed(broker, clock, thread);
    broker.events().watch(feed::onEvent);
    DashboardHandler handler =
        new DashboardHandler(broker, token, port, new LoginCodes(clock), new Sessions(clock), feed);
    return new Dashboard(broker, thread, feed, handler);
  }

  /** The API's handler with the dashboard in front of it (every other path reaches {@code api}). */
  public Handler in(Handler api) {
    handler.setHandler(api);
    return handler;
  }

  /** Ends open pages' streams and the feed thread (bounded). */
  @Override
  public void close() {
    broker.events().watch(null);
    feed.close();
    thread.shutdown();
    try {
      if (!thread.awaitTermination(2, TimeUnit.SECONDS)) {
        LOG.warn("The dashboard's feed thread did not stop within 2 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
