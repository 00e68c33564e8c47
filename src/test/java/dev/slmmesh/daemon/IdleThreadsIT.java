package dev.slmmesh.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.slmmesh.testkit.BrokerProcess;
import dev.slmmesh.testkit.FakePeer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The threads of a real idle broker (docs/performance.md, "Broker memory"): the local API is served
 * by its four selector threads, which also accept connections, with no acceptor thread and no
 * thread reserved for hand-offs, so an idle broker has at most one more HTTP thread than selectors
 * (the pool's idle thread, for the rare request body read with blocking reads).
 */
class IdleThreadsIT {
  /** HttpApi.SELECTORS. */
  private static final int SELECTORS = 4;

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path tmp;

  @Test
  void anIdleBrokerRunsNoAcceptorAndAtMostOneSpareHttpThread() throws Exception {
    Path data = tmp.resolve("d");
    try (BrokerProcess broker =
        BrokerProcess.start(data, BrokerProcess.freePort(), "b", Map.of())) {
      Path tasks = Path.of("/proc", Long.toString(broker.pid()), "task");
      assumeThat(Files.isDirectory(tasks)).as("needs Linux's /proc").isTrue();
      await().atMost(Duration.ofSeconds(30)).until(() -> BrokerProcess.client(data).isPresent());
      BrokerProcess.client(data).orElseThrow().get("/health");

      List<String> names = threadNames(tasks);
      assertThat(names).as("threads: %s", names).noneMatch(n -> n.contains("acceptor"));
      assertThat(names.stream().filter(n -> n.startsWith("http-")))
          .as("threads: %s", names)
          .hasSizeBetween(SELECTORS, SELECTORS + 1);
    }
  }

  private static List<String> threadNames(Path tasks) throws IOException {
    try (Stream<Path> all = Files.list(tasks)) {
      return all.map(IdleThreadsIT::name).filter(n -> !n.isEmpty()).sorted().toList();
    }
  }

  /** The thread's name as the kernel has it (the JVM sets it, cut at 15 characters). */
  private static String name(Path task) {
    try {
      return Files.readString(task.resolve("comm")).strip();
    } catch (IOException e) {
      return ""; // the thread ended meanwhile
    }
  }
}
