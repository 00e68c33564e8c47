package dev.slmmesh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.config.Config;
import dev.slmmesh.config.MachineIdentity;
import dev.slmmesh.config.MemorySettings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The original's 1.3.0 client configuration, verbatim: {@code SLM_MESH_HOST=<hub ip>}, the shared
 * secret, and {@code SLM_MESH_PEER_URL=http://<hub ip>:8765}, where the peer URL is the remote
 * SuperLocalMemory. The hub comes from the host; the http:// URL is the memory endpoint.
 */
class OriginalSetupTest {
  private static final String HUB = "192.0.2.10"; // TEST-NET-1: never an address of this machine
  private static final MachineIdentity SELF = new MachineIdentity("self-id", "self");

  private static Map<String, String> announcement() {
    Map<String, String> env = new HashMap<>();
    env.put("SLM_MESH_HOST", HUB);
    env.put("SLM_MESH_SHARED_SECRET", "the-same-secret-on-every-machine");
    env.put("SLM_MESH_PEER_URL", "http://" + HUB + ":8765");
    return env;
  }

  @Test
  void theHubComesFromTheHostAndThePeerUrlIsTheMemoryEndpoint() {
    Config config = Config.fromEnvironment(announcement());
    assertThat(config.mesh().peerUrl()).isNull();
    assertThat(HubRole.resolve(config, SELF)).contains(new HubAddress(HUB, 7909));
    MemorySettings memory = MemorySettings.of(config);
    assertThat(memory.url()).isEqualTo("http://" + HUB + ":8765");
    assertThat(memory.urlSetting()).isEqualTo("SLM_MESH_PEER_URL");
  }

  @Test
  void anHttpsPeerUrlStillNamesAHub() {
    Map<String, String> env = announcement();
    env.put("SLM_MESH_PEER_URL", "https://hub.example:7909");
    Config config = Config.fromEnvironment(env);
    assertThat(HubRole.resolve(config, SELF)).contains(new HubAddress("hub.example", 7909));
    assertThat(MemorySettings.of(config).url()).isNull();
  }

  @Test
  void aPeerUrlWithABadSchemeIsRefusedNamingTheSetting() {
    Map<String, String> env = announcement();
    env.put("SLM_MESH_PEER_URL", "ftp://" + HUB + ":8765");
    Config config = Config.fromEnvironment(env);
    assertThatThrownBy(() -> HubRole.resolve(config, SELF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SLM_MESH_PEER_URL must be https://host:port")
        .hasMessageContaining("or http://host:port for the memory bridge's SuperLocalMemory");
  }

  @Test
  void anHttpPeerUrlWithoutHostLeavesTheHubToTheHost() {
    Map<String, String> env = announcement();
    env.put("SLM_MESH_PEER_URL", "http://:8765");
    Config config = Config.fromEnvironment(env);
    assertThat(HubRole.resolve(config, SELF)).contains(new HubAddress(HUB, 7909));
    // the memory bridge reports it and stays off (MemoryBridgeIT): "SLM_MESH_PEER_URL has no host"
    assertThat(MemorySettings.of(config).urlSetting()).isEqualTo("SLM_MESH_PEER_URL");
  }
}
