package dev.slmmesh.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.wire.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerNamesTest {
  private static final String A = "afce05d1-0000-4000-8000-000000000001";
  private static final String B = "9c31aa02-0000-4000-8000-000000000002";
  private static final String C = "9c77bb03-0000-4000-8000-000000000003";

  private static List<JsonNode> peers() {
    return List.of(peer(A, "peer-afce05"), peer(B, "peer-9c31aa"), peer(C, "builder"));
  }

  private static JsonNode peer(String id, String name) {
    return Json.MAPPER.createObjectNode().put("id", id).put("name", name);
  }

  private static String resolve(String typed) {
    PeerNames.Resolution r = PeerNames.resolve(typed, peers());
    return r.peerId().orElse("refused: " + r.problem());
  }

  @Test
  void literalsAndIdsStandForThemselves() {
    assertThat(resolve("all")).isEqualTo("all");
    assertThat(resolve("cli")).isEqualTo("cli");
    assertThat(resolve(A.toUpperCase())).isEqualTo(A.toUpperCase());
  }

  @Test
  void namesMatchExactlyThenIgnoringCaseThenByPrefixOfNameOrId() {
    assertThat(resolve("peer-afce05")).isEqualTo(A);
    assertThat(resolve("PEER-AFCE05")).isEqualTo(A);
    assertThat(resolve("peer-9c")).isEqualTo(B);
    assertThat(resolve("Build")).isEqualTo(C);
    assertThat(resolve("9c77")).isEqualTo(C);
    assertThat(resolve("AFCE05D1")).isEqualTo(A);
  }

  @Test
  void ambiguityAndAbsenceAreRefusedWithTheCandidates() {
    assertThat(resolve("9c31aa02-0")).isEqualTo(B);
    assertThat(resolve("9c")).startsWith("refused: No active peer is named \"9c\"");
    assertThat(resolve("peer"))
        .isEqualTo(
            "refused: \"peer\" matches 2 peers: peer-afce05 ("
                + A
                + "), peer-9c31aa ("
                + B
                + "); use the full id");
    assertThat(resolve("9c3")).startsWith("refused: No active peer");
    assertThat(resolve("nobody"))
        .isEqualTo(
            "refused: No active peer is named \"nobody\" or has a name or id starting with it");
  }
}
