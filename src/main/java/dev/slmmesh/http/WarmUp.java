package dev.slmmesh.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.base.Threads;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.MessageApi;
import dev.slmmesh.wire.PeerApi;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * Loads and initializes, on a background thread, the classes of a request's JSON path (Jackson's
 * parser and serializers) and then those of Jetty's server (their static set-up formats Jetty's
 * build time and loads the MIME tables: most of {@link HttpApi#bind}), so that this overlaps with
 * the steps before instead of delaying the bind and the first reply. Nothing is bound or started.
 * JSON comes first and this class has no logger of its own: the main thread sets up logging
 * meanwhile. Jetty's classes create loggers, so they wait until the main thread has finished that
 * ({@link #afterLogging}): SLF4J hands a thread that asks during another thread's set-up a stand-in
 * logger, records its calls and replays them with a warning on stderr.
 */
public final class WarmUp {
  private static final AtomicBoolean STARTED = new AtomicBoolean();
  private static final CountDownLatch LOGGING = new CountDownLatch(1);
  private static final long LOGGING_WAIT_SECONDS = 5;

  private WarmUp() {}

  /** Starts the warm-up once; later calls do nothing; a failure is only logged (debug). */
  public static void inBackground() {
    if (!STARTED.compareAndSet(false, true)) {
      return;
    }
    Threads.start("http-warmup", WarmUp::run);
  }

  /** Sets up logging on the calling thread, then lets the warm-up load Jetty's classes. */
  public static void afterLogging() {
    LoggerFactory.getILoggerFactory();
    LOGGING.countDown();
  }

  static void run() {
    run(LOGGING);
  }

  /** The warm-up, with Jetty's part waiting (bounded) until {@code logging} is counted down. */
  static void run(CountDownLatch logging) {
    try {
      JsonNode body = Json.MAPPER.readTree("{\"peerId\":\"warm-up\",\"n\":1,\"list\":[\"a\"]}");
      Json.MAPPER.writeValueAsBytes(
          new PeerApi.Registered(body.path("peerId").asText(), "warm-up", null));
      Json.MAPPER.writeValueAsBytes(new MessageApi.Sent(null, List.of("a"), null, null));
      logging.await(LOGGING_WAIT_SECONDS, TimeUnit.SECONDS);
      HttpApi.newConnector(); // the same server as the real one, never bound nor started
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      LoggerFactory.getLogger(WarmUp.class).debug("Warm-up failed: {}", e.toString());
    }
  }
}
