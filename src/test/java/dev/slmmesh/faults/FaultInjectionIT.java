package dev.slmmesh.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slmmesh.testkit.BrokerProcess;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.FaultTally;
import dev.slmmesh.testkit.MeshHttp;
import dev.slmmesh.testkit.NetnsPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into a real broker process while a sender bursts messages at an acknowledging
 * peer: {@code kill -9} at seeded random points, a {@code SIGSTOP}ped broker continued, a data
 * directory that is read-only at start. Each prints its figures (sent-ok, pushed, raw duplicates,
 * duplicates the model would see after the MCP server's dedupe by id, lost); lost and duplicates
 * shown must be 0. The seed is printed and can be replayed with {@code -Dfaults.seed=N}.
 */
class FaultInjectionIT {
  private static final Map<String, String> ENV = Map.of("SLM_MESH_RATE_LIMIT", "1000000");

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path tmp;

  @Test
  void kill9AtSeededRandomPointsInABurstLosesNothing() throws Exception {
    long seed = Long.getLong("faults.seed", System.nanoTime());
    System.out.println("kill-9: seed " + seed + " (replay with -Dfaults.seed=" + seed + ")");
    Random random = new Random(seed);
    Path data = tmp.resolve("d");
    Files.createDirectories(data.resolve("peers"));
    int port = BrokerProcess.freePort();
    FaultTally tally = new FaultTally("kill-9");
    try (FakePeer peer = FakePeer.listen(data.resolve("peers/p.sock")).autoAck(true)) {
      String to = null;
      for (int round = 0; round < 3; round++) {
        try (BrokerProcess broker = BrokerProcess.start(data, port, "broker-" + round, ENV)) {
          MeshHttp http = client(data);
          if (to == null) {
            to = DiskFullIT.register(http, "p", peer.path().toString());
          }
          int killAfter = tally.accepted().size() + 20 + random.nextInt(300);
          Burst burst = Burst.start(http, to, tally);
          await().atMost(Duration.ofSeconds(60)).until(() -> tally.accepted().size() >= killAfter);
          broker.kill9();
          burst.stop();
        }
      }
      try (BrokerProcess last = BrokerProcess.start(data, port, "last", ENV)) {
        MeshHttp http = client(data);
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> assertThat(FaultTally.pushedIds(peer.json())).containsAll(tally.accepted()));
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () ->
                    assertThat(http.get("/status").json().at("/messages/undelivered").asInt())
                        .isZero());
        assertThat(last.log()).doesNotContain("[ERROR]");
      }
      check(tally.figures(FaultTally.pushedIds(peer.json())).print());
    }
  }

  @Test
  void aStoppedBrokerContinuedLosesNothing() throws Exception {
    Path data = tmp.resolve("d");
    Files.createDirectories(data.resolve("peers"));
    FaultTally tally = new FaultTally("sigstop");
    try (FakePeer peer = FakePeer.listen(data.resolve("peers/p.sock")).autoAck(true);
        BrokerProcess broker = BrokerProcess.start(data, BrokerProcess.freePort(), "broker", ENV)) {
      MeshHttp http = client(data);
      String to = DiskFullIT.register(http, "p", peer.path().toString());
      Burst burst = Burst.start(http, to, tally);
      await().atMost(Duration.ofSeconds(30)).until(() -> tally.accepted().size() >= 200);
      NetnsPair.run(List.of("kill", "-STOP", Long.toString(broker.pid())));
      Thread.sleep(3_000); // the fault itself: the broker stays stopped this long
      NetnsPair.run(List.of("kill", "-CONT", Long.toString(broker.pid())));
      int afterContinue = tally.accepted().size();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> tally.accepted().size() >= afterContinue + 200);
      burst.stop();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(FaultTally.pushedIds(peer.json())).containsAll(tally.accepted()));
      assertThat(broker.log()).doesNotContain("[ERROR]");
      check(tally.figures(FaultTally.pushedIds(peer.json())).print());
    }
  }

  @Test
  void aReadOnlyDataDirectoryIsRefusedAtStartAndLosesNothing() throws Exception {
    String why = dev.slmmesh.testkit.SmallDisk.unavailable();
    if (why != null) {
      System.out.println("read-only data dir skipped: " + why);
      Assumptions.abort(why);
    }
    Path data = tmp.resolve("d");
    Files.createDirectories(data.resolve("peers"));
    int port = BrokerProcess.freePort();
    FaultTally tally = new FaultTally("read-only-data-dir");
    Path socket = data.resolve("peers/p.sock");
    String to;
    try (BrokerProcess broker = BrokerProcess.start(data, port, "before", ENV)) {
      MeshHttp http = client(data);
      to = DiskFullIT.register(http, "p", socket.toString()); // nobody listens yet: messages wait
      for (int i = 0; i < 50; i++) {
        MeshHttp.Response r =
            http.call("/send", "fromPeer", "cli", "toPeer", to, "payload", "m" + i);
        assertThat(r.ok()).isTrue();
        tally.accepted(r.json().get("messageId").asText());
      }
    }
    NetnsPair.run(List.of("mount", "--bind", data.toString(), data.toString()));
    try {
      NetnsPair.run(List.of("mount", "-o", "remount,ro,bind", data.toString()));
      assertThat(Files.isWritable(data) && !readOnlyMount(data))
          .as("bind mount is read-only")
          .isFalse();
      try (BrokerProcess refused = BrokerProcess.start(data, port, "refused", ENV)) {
        assertThat(refused.waitExit(Duration.ofSeconds(60))).as("refuses to start").isTrue();
        assertThat(refused.process().exitValue()).isNotZero();
        System.out.println("read-only data dir: " + lastLine(refused.log()));
        assertThat(refused.log()).containsIgnoringCase("read-only");
      }
    } finally {
      NetnsPair.run(List.of("umount", data.toString()));
    }
    try (FakePeer peer = FakePeer.listen(socket).autoAck(true);
        BrokerProcess after = BrokerProcess.start(data, port, "after", ENV)) {
      client(data);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(FaultTally.pushedIds(peer.json())).containsAll(tally.accepted()));
      check(tally.figures(FaultTally.pushedIds(peer.json())).print());
    }
  }

  private static boolean readOnlyMount(Path dir) throws Exception {
    return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
        .anyMatch(l -> l.split(" ")[1].equals(dir.toString()) && l.split(" ")[3].startsWith("ro"));
  }

  private static String lastLine(String log) {
    String[] lines = log.strip().split("\n");
    return lines[lines.length - 1];
  }

  private static void check(FaultTally.Figures f) {
    assertThat(f.lost()).as("lost").isZero();
    assertThat(f.duplicatesShown()).as("duplicates shown to the model").isZero();
  }

  private static MeshHttp client(Path data) {
    await().atMost(Duration.ofSeconds(30)).until(() -> BrokerProcess.client(data).isPresent());
    return BrokerProcess.client(data).orElseThrow();
  }

  /** A sender thread that sends until stopped (bounded to 100,000 messages). */
  private static final class Burst {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private Burst(MeshHttp http, String to, FaultTally tally) {
      thread =
          new Thread(
              () -> {
                for (int i = 0; i < 100_000 && running.get(); i++) {
                  try {
                    MeshHttp.Response r =
                        http.call(
                            "/send", "fromPeer", "cli", "toPeer", to, "payload", "burst " + i);
                    if (r.ok()) {
                      tally.accepted(r.json().get("messageId").asText());
                    }
                  } catch (RuntimeException brokerGoneOrStopped) {
                    // not accepted: the sender would retry; the next round goes on
                  }
                }
              },
              "fault-burst");
      thread.start();
    }

    static Burst start(MeshHttp http, String to, FaultTally tally) {
      return new Burst(http, to, tally);
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(30_000);
    }
  }
}
