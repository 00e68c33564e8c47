package dev.slmmesh.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackgroundTest {
  @Test
  void runsTheStepOnANamedDaemonThreadAndHandsBackItsResult() {
    AtomicReference<Thread> ran = new AtomicReference<>();
    Background<String> step =
        Background.start(
            "step-x",
            () -> {
              ran.set(Thread.currentThread());
              return "done";
            });
    assertThat(step.await()).isEqualTo("done");
    assertThat(ran.get()).isNotSameAs(Thread.currentThread());
    assertThat(ran.get().getName()).isEqualTo("step-x");
    assertThat(ran.get().isDaemon()).isTrue();
  }

  @Test
  void rethrowsUncheckedFailuresAsTheyAreAndWrapsCheckedOnes() {
    IllegalStateException unchecked = new IllegalStateException("store broken");
    assertThatThrownBy(
            () ->
                Background.start(
                        "a",
                        () -> {
                          throw unchecked;
                        })
                    .await())
        .isSameAs(unchecked);
    IOException checked = new IOException("disk");
    assertThatThrownBy(
            () ->
                Background.start(
                        "b",
                        () -> {
                          throw checked;
                        })
                    .await())
        .isInstanceOf(IllegalStateException.class)
        .hasCause(checked);
  }

  @Test
  void anInterruptDoesNotAbandonTheStepAndIsKeptForTheCaller() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Background<String> step =
        Background.start(
            "slow",
            () -> {
              release.await();
              return "opened";
            });
    AtomicReference<String> result = new AtomicReference<>();
    AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () -> {
              result.set(step.await());
              interruptedAfter.set(Thread.currentThread().isInterrupted());
            });
    waiter.start();
    waiter.interrupt();
    release.countDown();
    waiter.join(10_000);
    assertThat(result.get()).isEqualTo("opened");
    assertThat(interruptedAfter.get()).isTrue();
  }
}
