package dev.slmmesh.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class WarmUpTest {
  @Test
  void jettysClassesWaitUntilLoggingIsSetUpSoSlf4jReplaysNothing() throws Exception {
    CountDownLatch logging = new CountDownLatch(1);
    Thread t = new Thread(() -> WarmUp.run(logging), "warm-up-test");
    t.setDaemon(true);
    t.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> t.getState() == Thread.State.TIMED_WAITING);
    assertThat(t.isAlive()).as("waits for the main thread's logging set-up").isTrue();
    logging.countDown();
    t.join(30_000);
    assertThat(t.isAlive()).isFalse();
  }

  @Test
  void loadsTheServerClassesWithoutStartingAnyThread() {
    WarmUp.afterLogging();
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    assertThatCode(WarmUp::run).doesNotThrowAnyException();
    assertThat(System.getProperty(HttpApi.REFERENCES_PER_CACHE_LINE)).isEqualTo("16");
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> !before.contains(t) && t.getName().startsWith("http"))
        .isEmpty();
  }
}
