package dev.slmmesh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubAddressTest {
  @TempDir Path dir;

  @Test
  void parsesPeerUrlsWithAndWithoutSchemeAndPort() {
    assertThat(HubAddress.parse("https://10.0.0.5:7950", 7909))
        .isEqualTo(new HubAddress("10.0.0.5", 7950));
    assertThat(HubAddress.parse("wss://hub.lan", 7909)).isEqualTo(new HubAddress("hub.lan", 7909));
    assertThat(HubAddress.parse("hub.lan:8000", 7909)).isEqualTo(new HubAddress("hub.lan", 8000));
    assertThat(HubAddress.parse("https://[fd00::1]:7909", 1).authority())
        .isEqualTo("[fd00::1]:7909");
    assertThatThrownBy(() -> HubAddress.parse("http://hub.lan:7909", 7909))
        .hasMessageStartingWith("SLM_MESH_PEER_URL must be https://host:port");
  }

  @Test
  void knownHubsPinTheFirstFingerprintSeen() throws Exception {
    KnownHubs known = new KnownHubs(dir.resolve("known_hubs"));
    HubAddress hub = new HubAddress("10.0.0.5", 7909);
    assertThat(known.fingerprint(hub)).isEmpty();
    known.remember(hub, "aa");
    known.remember(hub, "bb");
    assertThat(known.fingerprint(hub)).contains("aa");
    assertThat(known.fingerprint(new HubAddress("10.0.0.6", 7909))).isEmpty();
  }

  @Test
  void wildcardsAndOwnAddressesMeanTheHubRunsHere() {
    assertThat(HubRole.local("0.0.0.0")).isTrue();
    assertThat(HubRole.local("127.0.0.1")).isTrue();
    assertThat(HubRole.local("192.0.2.77")).isFalse();
  }
}
