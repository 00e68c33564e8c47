package dev.slmmesh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SocketPolicyTest {
  private final SocketPolicy policy =
      new SocketPolicy(
          List.of(Path.of("/home/u/.slm-mesh/peers"), Path.of("/tmp/slm-mesh-1000/peers")));

  @Test
  void acceptsSocketsDirectlyInsideThePeersOrFallbackDirectory() {
    assertThat(policy.check("/home/u/.slm-mesh/peers/3f0c9a1e-5b7d-4c2a-9e11-0a1b2c3d4e5f.sock"))
        .isEqualTo(Path.of("/home/u/.slm-mesh/peers/3f0c9a1e-5b7d-4c2a-9e11-0a1b2c3d4e5f.sock"));
    assertThat(policy.check("/tmp/slm-mesh-1000/peers/a.sock")).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/etc/passwd",
        "/home/u/.slm-mesh/peers/../broker.token",
        "/home/u/.slm-mesh/peers/x/y.sock",
        "relative/peers/a.sock",
        "/home/u/.slm-mesh/peers/a.txt",
        "/home/u/.slm-mesh/peers/.hidden.sock",
        "/run/docker.sock",
        "/home/u/.slm-mesh/peers/./a.sock"
      })
  void refusesAnyOtherPath(String path) {
    assertThatThrownBy(() -> policy.check(path))
        .isInstanceOf(BrokerException.class)
        .hasMessageStartingWith(
            "udsPath must be an absolute path to a <name>.sock file directly inside /home/u/.slm-mesh/peers or /tmp/slm-mesh-1000/peers");
  }
}
