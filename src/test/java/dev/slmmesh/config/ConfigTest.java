package dev.slmmesh.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  @Test
  void defaultsMatchTheOriginal() {
    Config c = Config.fromEnvironment(Map.of("HOME", "/home/u"));
    assertThat(c.dataDir()).isEqualTo(Path.of("/home/u/.slm-mesh"));
    assertThat(c.port()).isEqualTo(7899);
    assertThat(c.lastPort()).isEqualTo(7908);
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.staleAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.deadAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.idleShutdown()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.lockTtl()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void honoursTheDocumentedButIgnoredTimers() {
    Config c =
        Config.fromEnvironment(
            Map.of(
                "HOME",
                "/h",
                "SLM_MESH_HEARTBEAT_MS",
                "5000",
                "SLM_MESH_STALE_MS",
                "10000",
                "SLM_MESH_DEAD_MS",
                "20000",
                "SLM_MESH_LOCK_TTL_MIN",
                "3",
                "SLM_MESH_DATA_DIR",
                "/d",
                "SLM_MESH_PORT",
                "9000"));
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.staleAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.deadAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.lockTtl()).isEqualTo(Duration.ofMinutes(3));
    assertThat(c.dataDir()).isEqualTo(Path.of("/d"));
    assertThat(c.port()).isEqualTo(9000);
  }

  @Test
  void badSoftValuesFallBackOrClamp() {
    Config c =
        Config.fromEnvironment(
            Map.of(
                "HOME",
                "/h",
                "SLM_MESH_PORT",
                "80abc",
                "SLM_MESH_LOCK_TTL_MIN",
                "99999",
                "SLM_MESH_STALE_MS",
                "60000",
                "SLM_MESH_DEAD_MS",
                "1000"));
    assertThat(c.port()).isEqualTo(7899);
    assertThat(c.lockTtl()).isEqualTo(Duration.ofMinutes(1440));
    assertThat(c.deadAfter()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void aPortOutsideTheRangeTakesTheDefaultNotANeighbour() {
    assertThat(Config.fromEnvironment(Map.of("HOME", "/h", "SLM_MESH_PORT", "0")).port())
        .isEqualTo(7899);
    assertThat(Config.fromEnvironment(Map.of("HOME", "/h", "SLM_MESH_PORT", "70000")).port())
        .isEqualTo(7899);
    assertThat(Config.fromEnvironment(Map.of("HOME", "/h", "SLM_MESH_PORT", "1")).port())
        .isEqualTo(1);
  }

  @Test
  void nonLoopbackHostIsAHardError() {
    assertThatThrownBy(
            () -> Config.fromEnvironment(Map.of("HOME", "/h", "SLM_MESH_HOST", "0.0.0.0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Invalid SLM_MESH_HOST: \"0.0.0.0\". Only localhost binding is allowed (127.0.0.1, localhost, ::1)")
        .hasMessageContaining("unless SLM_MESH_SHARED_SECRET is set");
    for (String ok : new String[] {"127.0.0.1", "localhost", "::1"}) {
      assertThat(Config.fromEnvironment(Map.of("HOME", "/h", "SLM_MESH_HOST", ok)).host())
          .isEqualTo(ok);
    }
  }

  @Test
  void aNetworkHostNeedsALongEnoughSharedSecret() {
    Config hub =
        Config.fromEnvironment(
            Map.of(
                "HOME",
                "/h",
                "SLM_MESH_HOST",
                "0.0.0.0",
                "SLM_MESH_SHARED_SECRET",
                "0123456789abcdef"));
    assertThat(hub.host()).isEqualTo("0.0.0.0");
    assertThat(hub.mesh().networked()).isTrue();
    assertThat(hub.mesh().wsPort()).isEqualTo(7909);
    assertThat(hub.mesh().toString()).doesNotContain("0123456789abcdef");
    assertThatThrownBy(
            () ->
                Config.fromEnvironment(
                    Map.of(
                        "HOME",
                        "/h",
                        "SLM_MESH_HOST",
                        "0.0.0.0",
                        "SLM_MESH_SHARED_SECRET",
                        "short")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("SLM_MESH_SHARED_SECRET is too short (5 characters)");
  }

  @Test
  void theWebSocketPortMustNotCollideWithTheHttpRange() {
    assertThatThrownBy(
            () ->
                Config.fromEnvironment(
                    Map.of(
                        "HOME",
                        "/h",
                        "SLM_MESH_SHARED_SECRET",
                        "0123456789abcdef",
                        "SLM_MESH_WS_PORT",
                        "7900")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "SLM_MESH_WS_PORT=7900 lies inside the HTTP port range 7899..7908; choose a port outside it (default: 7909)");
    Config moved = Config.fromEnvironment(Map.of("HOME", "/h", "SLM_MESH_PORT", "9000"));
    assertThat(moved.mesh().wsPort()).isEqualTo(9010);
    assertThat(
            Config.fromEnvironment(Map.of("HOME", "/h", "SLM_MESH_DISCOVERY", "on"))
                .mesh()
                .discovery())
        .isTrue();
  }

  @Test
  void aPeerUrlListSplitsIntoHubsAndTheMemoryBridgesEndpoint() {
    Map<String, String> env =
        Map.of(
            "HOME",
            "/h",
            "SLM_MESH_PEER_URL",
            "https://a.lan:7909, http://m.lan:8765, https://b.lan:7909");
    assertThat(Config.fromEnvironment(env).mesh().peerUrl())
        .isEqualTo("https://a.lan:7909,https://b.lan:7909");
    assertThat(MemorySettings.fromEnvironment(env).url()).isEqualTo("http://m.lan:8765");
    assertThat(MemorySettings.fromEnvironment(env).urlSetting()).isEqualTo("SLM_MESH_PEER_URL");
    Map<String, String> memoryOnly = Map.of("HOME", "/h", "SLM_MESH_PEER_URL", "http://m.lan:8765");
    assertThat(Config.fromEnvironment(memoryOnly).mesh().peerUrl()).isNull();
    assertThat(
            Config.fromEnvironment(Map.of("HOME", "/h", "SLM_MESH_PEER_URL", "https://a.lan:7909"))
                .mesh()
                .peerUrl())
        .isEqualTo("https://a.lan:7909");
  }
}
