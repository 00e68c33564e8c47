package dev.slmmesh.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class ThreadsTest {

  @Test
  void everyThreadIsNamedAndLogsWhatItThrows() {
    Runnable task = () -> {};
    for (Thread t :
        new Thread[] {
          Threads.daemon("a", task),
          Threads.user("b", task),
          Threads.named("c").newThread(task),
          Threads.numbered("threads-test-d-").newThread(task)
        }) {
      assertThat(t.getUncaughtExceptionHandler()).isSameAs(Threads.LOG_UNCAUGHT);
      assertThat(t.getState()).isEqualTo(Thread.State.NEW);
    }
  }

  @Test
  void daemonsUnlessAskedForAUserThread() {
    assertThat(Threads.daemon("a", () -> {}).isDaemon()).isTrue();
    assertThat(Threads.named("c").newThread(() -> {}).isDaemon()).isTrue();
    assertThat(Threads.user("b", () -> {}).isDaemon()).isFalse();
  }

  @Test
  void numberedThreadsCountPerPrefixFromOne() {
    ThreadFactory first = Threads.numbered("threads-test-n-");
    ThreadFactory second = Threads.numbered("threads-test-n-");
    assertThat(first.newThread(() -> {}).getName()).isEqualTo("threads-test-n-1");
    assertThat(second.newThread(() -> {}).getName()).isEqualTo("threads-test-n-2");
    assertThat(Threads.numbered("threads-test-m-").newThread(() -> {}).getName())
        .isEqualTo("threads-test-m-1");
    assertThat(Threads.named("fixed").newThread(() -> {}).getName()).isEqualTo("fixed");
  }

  @Test
  void startRunsTheTaskOnANamedThread() throws InterruptedException {
    String[] ranOn = new String[1];
    Thread t =
        Threads.start("threads-test-start", () -> ranOn[0] = Thread.currentThread().getName());
    t.join(10_000);
    assertThat(ranOn[0]).isEqualTo("threads-test-start");
  }

  @Test
  void anUncaughtExceptionIsLoggedToStderrWithTheThreadsName() throws InterruptedException {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Thread t =
          Threads.start(
              "threads-test-throws",
              () -> {
                throw new IllegalStateException("boom");
              });
      t.join(10_000);
    } finally {
      System.setErr(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("Uncaught exception in thread threads-test-throws")
        .contains("IllegalStateException: boom");
  }
}
