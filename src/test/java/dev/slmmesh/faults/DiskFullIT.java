package dev.slmmesh.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slmmesh.testkit.BrokerProcess;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.FaultTally;
import dev.slmmesh.testkit.MeshHttp;
import dev.slmmesh.testkit.SmallDisk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's data directory on a real 8 MiB tmpfs that the test fills up: while it is full,
 * writes answer 200 with {@code ok:false} and an error naming the full disk (never a 500); once
 * space is freed the next writes succeed without a restart, and every message that was accepted
 * reaches its recipient.
 */
class DiskFullIT {
  private static final String PAYLOAD = "x".repeat(8000);

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path tmp;

  @Test
  void aFullDiskIsAnErrorNamingItAndTheBrokerRecoversWhenSpaceIsFreed() throws Exception {
    String why = SmallDisk.unavailable();
    if (why != null) {
      System.out.println("DiskFullIT skipped: " + why);
      Assumptions.abort(why);
    }
    FaultTally tally = new FaultTally("disk-full");
    try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 8)) {
      Path data = disk.path().resolve("d");
      java.nio.file.Files.createDirectories(data.resolve("peers"));
      try (FakePeer peer = FakePeer.listen(data.resolve("peers/p.sock")).autoAck(true)) {
        run(data, peer, tally);
      }
    }
  }

  private static void run(Path data, FakePeer peer, FaultTally tally) throws Exception {
    {
      try (BrokerProcess broker =
          BrokerProcess.start(
              data, BrokerProcess.freePort(), "broker", Map.of("SLM_MESH_RATE_LIMIT", "100000"))) {
        await().atMost(Duration.ofSeconds(30)).until(() -> BrokerProcess.client(data).isPresent());
        MeshHttp http = BrokerProcess.client(data).orElseThrow();
        String to = register(http, "p", peer.path().toString());
        String from = register(http, "s", null);
        for (int i = 0; i < 20; i++) {
          send(http, from, to, "before-" + i, tally);
        }

        SmallDisk.fill(data);
        int fullErrors = 0;
        for (int i = 0; i < 60; i++) {
          if (!send(http, from, to, "during-" + i, tally)) {
            fullErrors++;
          }
        }
        MeshHttp.Response state =
            http.call("/state", "peerId", from, "action", "set", "key", "k", "value", PAYLOAD);
        MeshHttp.Response join =
            http.call("/register", "projectPath", "/r", "pid", 77, "name", "late");
        assertThat(fullErrors).isPositive();
        assertThat(state.status()).isEqualTo(200);
        assertThat(join.status()).isEqualTo(200);
        assertThat(http.get("/health").status()).isEqualTo(200);

        SmallDisk.free(data);
        for (int i = 0; i < 20; i++) {
          assertThat(send(http, from, to, "after-" + i, tally))
              .as("send after space was freed")
              .isTrue();
        }
        assertThat(http.call("/register", "projectPath", "/r", "pid", 78, "name", "later").ok())
            .isTrue();
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> assertThat(FaultTally.pushedIds(peer.json())).containsAll(tally.accepted()));
        FaultTally.Figures f = tally.figures(FaultTally.pushedIds(peer.json())).print();
        System.out.println("disk-full: " + fullErrors + " of 60 sends refused while full");
        assertThat(f.lost()).isZero();
        assertThat(f.duplicatesShown()).isZero();
        assertThat(broker.log()).doesNotContain("[ERROR]");
      }
    }
  }

  static String register(MeshHttp http, String name, String uds) {
    MeshHttp.Response r =
        uds == null
            ? http.call(
                "/register", "projectPath", "/r", "pid", name.hashCode() & 0xffff, "name", name)
            : http.call(
                "/register",
                "projectPath",
                "/r",
                "pid",
                9,
                "name",
                name,
                "udsPath",
                uds,
                "acknowledges",
                true);
    assertThat(r.ok()).as(r.text()).isTrue();
    return r.json().get("peerId").asText();
  }

  /** Sends one message; true if it was accepted, false if refused because the disk is full. */
  private static boolean send(MeshHttp http, String from, String to, String tag, FaultTally tally) {
    MeshHttp.Response r =
        http.call("/send", "fromPeer", from, "toPeer", to, "payload", tag + " " + PAYLOAD);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    if (r.ok()) {
      tally.accepted(r.json().get("messageId").asText());
      return true;
    }
    assertThat(r.error()).startsWith("storage full:");
    return false;
  }
}
