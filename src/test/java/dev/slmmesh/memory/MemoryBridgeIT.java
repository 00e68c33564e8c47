package dev.slmmesh.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.config.MemorySettings;
import dev.slmmesh.testkit.FakeMemoryEndpoint;
import dev.slmmesh.testkit.FakeSlm;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SuperLocalMemory bridge against a fake {@code slm} on the PATH and a fake HTTP endpoint,
 * working and misbehaving: every failure is a {@link MemoryException} naming the setting.
 */
class MemoryBridgeIT {
  private static final Duration SHORT = Duration.ofMillis(1500);

  @TempDir Path dir;

  private static MemorySettings settings(Map<String, String> env) {
    return MemorySettings.fromEnvironment(env);
  }

  private MemoryBridge detect(Map<String, String> env) {
    return MemoryBridges.detect(settings(env), env, "http://127.0.0.1:" + closedPort())
        .found()
        .orElseThrow();
  }

  @Test
  void theSlmCommandOnThePathRemembersAndRecalls() throws Exception {
    FakeSlm slm = FakeSlm.working(dir.resolve("bin"));
    MemoryBridge bridge = detect(Map.of("PATH", "/nonexistent:" + slm.dir));
    assertThat(bridge.describe()).isEqualTo("slm command " + slm.command);
    bridge.remember("[mesh:message] a -> b: deploy at 5 pm, \"quoted\" $HOME `x`");
    bridge.remember("[mesh:state] default/branch = main (by a)");
    assertThat(slm.remembered())
        .containsExactly(
            "[mesh:message] a -> b: deploy at 5 pm, \"quoted\" $HOME `x`",
            "[mesh:state] default/branch = main (by a)");
    assertThat(bridge.recall("deploy", 10))
        .containsExactly("[mesh:message] a -> b: deploy at 5 pm, \"quoted\" $HOME `x`");
    assertThat(bridge.recall("nothing like it", 10)).isEmpty();
  }

  @Test
  void superlocalmemoryIsFoundWhenSlmIsNot() throws Exception {
    FakeSlm slm = FakeSlm.working(dir.resolve("bin"));
    java.nio.file.Files.move(slm.command, slm.dir.resolve("superlocalmemory"));
    assertThat(detect(Map.of("PATH", slm.dir.toString())).describe()).endsWith("/superlocalmemory");
  }

  @Test
  void aHangingCommandIsStoppedAfterTheTimeoutWithAClearMessage() throws Exception {
    FakeSlm slm = FakeSlm.hanging(dir.resolve("bin"));
    MemoryBridge bridge = detect(Map.of("PATH", slm.dir.toString(), MemorySettings.TIMEOUT, "500"));
    long start = System.nanoTime();
    assertThatThrownBy(() -> bridge.remember("x"))
        .isInstanceOf(MemoryException.class)
        .hasMessageContaining("did not finish within 500 ms")
        .hasMessageContaining("SLM_MESH_MEMORY=off");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aCommandThatFailsOrPrintsGarbageIsRefusedWithAClearMessage() throws Exception {
    MemoryBridge failing = detect(Map.of("PATH", FakeSlm.failing(dir.resolve("f")).dir.toString()));
    assertThatThrownBy(() -> failing.recall("x", 5))
        .hasMessageContaining("exited with status 3: database is locked")
        .hasMessageContaining("SLM_MESH_MEMORY");
    MemoryBridge garbage = detect(Map.of("PATH", FakeSlm.garbage(dir.resolve("g")).dir.toString()));
    assertThatThrownBy(() -> garbage.recall("x", 5))
        .hasMessageContaining("not UTF-8 text")
        .hasMessageContaining("SLM_MESH_MEMORY");
  }

  @Test
  void theHttpEndpointRemembersAndRecalls() throws Exception {
    try (FakeMemoryEndpoint slm = new FakeMemoryEndpoint()) {
      MemoryBridge bridge = detect(Map.of(MemorySettings.URL, slm.url() + "/"));
      assertThat(bridge.describe()).isEqualTo(slm.url());
      bridge.remember("[mesh:event] deploy by a: {\"env\":\"prod\"}");
      assertThat(slm.remembered).containsExactly("[mesh:event] deploy by a: {\"env\":\"prod\"}");
      assertThat(bridge.recall("deploy by", 5))
          .containsExactly("[mesh:event] deploy by a: {\"env\":\"prod\"}");
    }
  }

  @Test
  void anHttpPeerUrlIsTheEndpointAndALocalDaemonIsDetected() throws Exception {
    try (FakeMemoryEndpoint slm = new FakeMemoryEndpoint()) {
      MemoryBridge viaPeerUrl = detect(Map.of(MemorySettings.PEER_URL, slm.url()));
      assertThat(viaPeerUrl.setting()).isEqualTo("SLM_MESH_PEER_URL");
      MemoryBridges.Detection local = MemoryBridges.detect(settings(Map.of()), Map.of(), slm.url());
      assertThat(local.line()).isEqualTo("Memory bridge on: SuperLocalMemory at " + slm.url());
    }
  }

  @Test
  void anEndpointThatRefusesTimesOutOrAnswersGarbageGetsAClearMessage() throws Exception {
    MemoryBridge refused = detect(Map.of(MemorySettings.URL, "http://127.0.0.1:" + closedPort()));
    assertThatThrownBy(() -> refused.remember("x"))
        .hasMessageContaining("refused the connection")
        .hasMessageContaining("check SLM_MESH_MEMORY_URL");
    try (FakeMemoryEndpoint slow = new FakeMemoryEndpoint().stall()) {
      MemoryBridge bridge =
          detect(Map.of(MemorySettings.URL, slow.url(), MemorySettings.TIMEOUT, "400"));
      assertThatThrownBy(() -> bridge.recall("x", 3))
          .hasMessageContaining("did not answer within 400 ms")
          .hasMessageContaining("SLM_MESH_MEMORY_URL");
    }
    try (FakeMemoryEndpoint garbage = new FakeMemoryEndpoint().garbage()) {
      MemoryBridge bridge = detect(Map.of(MemorySettings.PEER_URL, garbage.url()));
      assertThatThrownBy(() -> bridge.recall("x", 3))
          .hasMessageContaining("not SuperLocalMemory's recall JSON")
          .hasMessageContaining("SLM_MESH_PEER_URL");
    }
  }

  @Test
  void aBadUrlTurnsTheBridgeOffAndNamesTheSetting() {
    MemoryBridges.Detection noHost =
        MemoryBridges.detect(
            settings(Map.of(MemorySettings.PEER_URL, "http://:8765")),
            Map.of(),
            "http://127.0.0.1:" + closedPort());
    assertThat(noHost.found()).isEmpty();
    assertThat(noHost.line()).contains("SLM_MESH_PEER_URL has no host");
    MemoryBridges.Detection scheme =
        MemoryBridges.detect(
            settings(Map.of(MemorySettings.URL, "ftp://box:8765")),
            Map.of(),
            "http://127.0.0.1:" + closedPort());
    assertThat(scheme.line()).contains("SLM_MESH_MEMORY_URL must be http://host:port");
  }

  @Test
  void nothingFoundOrTurnedOffMeansOffWithOneLine() {
    MemoryBridges.Detection none =
        MemoryBridges.detect(
            settings(Map.of()), Map.of("PATH", dir.toString()), "http://127.0.0.1:" + closedPort());
    assertThat(none.found()).isEmpty();
    assertThat(none.line())
        .startsWith("SuperLocalMemory not detected")
        .endsWith("memory bridge off");
    MemoryBridges.Detection off =
        MemoryBridges.detect(
            settings(Map.of("SLM_MESH_MEMORY", "off", MemorySettings.URL, "http://box:8765")),
            Map.of(),
            "http://x");
    assertThat(off.found()).isEmpty();
    assertThat(off.line()).isEqualTo("Memory bridge off (SLM_MESH_MEMORY=off)");
  }

  @Test
  void theUrlIsNormalised() throws Exception {
    assertThat(HttpBridge.parse(" http://Box:8765/ ", "X"))
        .isEqualTo(URI.create("http://Box:8765"));
    assertThat(HttpBridge.parse("https://box/slm/", "X")).isEqualTo(URI.create("https://box/slm"));
  }

  private static int closedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
