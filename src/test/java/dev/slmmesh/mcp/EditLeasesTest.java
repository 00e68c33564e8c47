package dev.slmmesh.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EditLeasesTest {
  @Test
  void theSettingIsOnOrOffAndAnythingElseIsOff() {
    assertThat(EditLeases.enabled(Map.of())).isFalse();
    for (String on : new String[] {"on", "ON", " true", "1", "yes"}) {
      assertThat(EditLeases.enabled(Map.of("SLM_MESH_AUTO_LOCK", on))).as(on).isTrue();
    }
    for (String off : new String[] {"off", "false", "0", "", "sometimes"}) {
      assertThat(EditLeases.enabled(Map.of("SLM_MESH_AUTO_LOCK", off))).as(off).isFalse();
    }
  }

  @Test
  void theHoldersNameComesFromTheBrokersRefusal() {
    assertThat(
            EditLeases.holderName(
                "File locked by alice, reason: x, y. Expires in 3 minutes.", "id"))
        .isEqualTo("alice");
    assertThat(EditLeases.holderName("File locked by bob. Expires in 1 minutes.", "id"))
        .isEqualTo("bob");
    assertThat(EditLeases.holderName("Invalid or missing credential", "id")).isEqualTo("id");
    assertThat(EditLeases.holderName("File locked by . Expires in 1 minutes.", "id"))
        .isEqualTo("id");
  }
}
