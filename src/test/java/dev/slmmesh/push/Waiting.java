package dev.slmmesh.push;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.awaitility.core.ConditionFactory;

/** Bounded waits for the asynchronous push tests: check at once, then every 5 ms, for 10 s. */
final class Waiting {

  static final Duration LIMIT = Duration.ofSeconds(10);

  private Waiting() {}

  static ConditionFactory soon() {
    return await().atMost(LIMIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
  }
}
