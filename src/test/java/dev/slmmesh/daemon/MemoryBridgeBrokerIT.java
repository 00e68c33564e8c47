package dev.slmmesh.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.config.Config;
import dev.slmmesh.testkit.FakeMemoryEndpoint;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.FakeSlm;
import dev.slmmesh.testkit.MeshHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real broker with the memory bridge: what it remembers through a fake {@code slm} and a fake
 * endpoint, and that a memory system that hangs or is gone never slows a mesh request.
 */
class MemoryBridgeBrokerIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  @TempDir Path tools;

  private BrokerDaemon start(Map<String, String> env) throws Exception {
    return BrokerDaemon.start(
        Config.defaults(dir).withPort(0).withRateLimit(1_000_000).withEnvironment(env));
  }

  private static String register(MeshHttp http, String name) {
    return http.call("/register", "projectPath", "/repo", "pid", 7, "name", name)
        .json()
        .get("peerId")
        .asText();
  }

  private static JsonNode memory(MeshHttp http) {
    return http.get("/status").json().get("memory");
  }

  @Test
  void messagesStateAndEventsAreRememberedThroughTheSlmCommand() throws Exception {
    FakeSlm slm = FakeSlm.working(tools.resolve("bin"));
    try (BrokerDaemon daemon = start(Map.of("PATH", slm.dir.toString()))) {
      MeshHttp http = new MeshHttp(daemon.port(), daemon.token());
      String a = register(http, "a");
      String b = register(http, "b");
      MeshHttp.Response first =
          http.call("/send", "fromPeer", a, "toPeer", b, "payload", "schema v2 is merged");
      assertThat(first.ok()).as(first.text()).isTrue();
      assertThat(http.call("/send", "fromPeer", a, "toPeer", "all", "payload", "freeze at 5").ok())
          .isTrue();
      assertThat(
              http.call("/state", "action", "set", "key", "branch", "value", "main", "peerId", a)
                  .ok())
          .isTrue();
      assertThat(
              http.call("/state", "action", "set", "key", "github_token", "value", "x", "peerId", a)
                  .ok())
          .isTrue();
      assertThat(
              http.call(
                      "/events",
                      "action",
                      "emit",
                      "peerId",
                      b,
                      "type",
                      "build_done",
                      "data",
                      Map.of("ok", true))
                  .ok())
          .isTrue();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(slm.remembered())
                      .containsExactlyInAnyOrder(
                          "[mesh:message] " + a + " -> " + b + ": schema v2 is merged",
                          "[mesh:message] " + a + " -> broadcast: freeze at 5",
                          "[mesh:state] default/branch = main (by " + a + ")",
                          "[mesh:event] build_done by " + b + ": {\"ok\":true}"));
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(memory(http).get("remembered").asLong()).isEqualTo(4));
      JsonNode m = memory(http);
      assertThat(m.get("bridge").asText()).isEqualTo("slm command " + slm.command);
      assertThat(m.get("skipped").asLong()).isEqualTo(1);
      assertThat(m.get("dropped").asLong()).isZero();
    }
  }

  @Test
  void aHangingMemoryCommandNeverSlowsTheMeshAndCostsOnlyCountedDrops() throws Exception {
    FakeSlm slm = FakeSlm.hanging(tools.resolve("bin"));
    try (BrokerDaemon daemon =
        start(Map.of("PATH", slm.dir.toString(), "SLM_MESH_MEMORY_TIMEOUT_MS", "60000"))) {
      MeshHttp http = new MeshHttp(daemon.port(), daemon.token());
      String a = register(http, "a");
      String b = register(http, "b");
      await().atMost(WAIT).until(() -> !memory(http).get("bridge").asText().equals("detecting"));
      long start = System.nanoTime();
      int sends = MeshMemoryQueueSize.VALUE + 50;
      for (int i = 0; i < sends; i++) {
        assertThat(http.call("/send", "fromPeer", a, "toPeer", b, "payload", "m" + i).ok())
            .isTrue();
      }
      // every write waits for a command that takes 60 s: had /send waited for one, this took
      // minutes
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(45));
      JsonNode m = memory(http);
      assertThat(m.get("dropped").asLong()).isGreaterThanOrEqualTo(49);
      assertThat(m.get("remembered").asLong()).isZero();
      assertThat(http.call("/messages", "peerId", b, "limit", 1000).json().get("messages").size())
          .isEqualTo(sends);
    }
  }

  @Test
  void anEndpointThatIsGoneCostsOnlyCountedDropsWithTheSettingNamed() throws Exception {
    FakeMemoryEndpoint gone = new FakeMemoryEndpoint();
    String url = gone.url();
    gone.close();
    try (BrokerDaemon daemon = start(Map.of("SLM_MESH_MEMORY_URL", url))) {
      MeshHttp http = new MeshHttp(daemon.port(), daemon.token());
      String a = register(http, "a");
      assertThat(http.call("/send", "fromPeer", a, "toPeer", "all", "payload", "anyone?").ok())
          .isTrue();
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(memory(http).get("dropped").asLong()).isEqualTo(1));
      assertThat(memory(http).get("lastError").asText())
          .contains("refused the connection")
          .contains("SLM_MESH_MEMORY_URL");
      assertThat(http.call("/state", "action", "set", "key", "k", "value", "v", "peerId", a).ok())
          .isTrue();
    }
  }

  @Test
  void withoutAMemorySystemStatusSaysOffAndNothingElseChanges() throws Exception {
    try (BrokerDaemon daemon = start(Map.of("PATH", tools.toString(), "SLM_MESH_MEMORY", "off"))) {
      MeshHttp http = new MeshHttp(daemon.port(), daemon.token());
      String a = register(http, "a");
      assertThat(http.call("/send", "fromPeer", a, "toPeer", "all", "payload", "hi").ok()).isTrue();
      JsonNode m = memory(http);
      assertThat(m.get("bridge").asText()).isEqualTo("off");
      assertThat(m.get("remembered").asLong()).isZero();
      assertThat(m.get("dropped").asLong()).isZero();
    }
  }

  /** The memory queue's capacity, spelled out here so the test states its arithmetic. */
  private static final class MeshMemoryQueueSize {
    static final int VALUE = dev.slmmesh.memory.MeshMemory.QUEUE;
  }
}
