package dev.slmmesh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.config.PeerUrls;
import dev.slmmesh.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HubChoiceTest {
  private static final HubAddress A = new HubAddress("10.0.0.5", 7899);
  private static final HubAddress B = new HubAddress("10.0.0.6", 7899);
  private static final HubAddress C = new HubAddress("hub-c.lan", 7950);

  private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");

  @Test
  void parsesAListOfHubsInOrder() {
    assertThat(
            HubAddress.parseList(
                "https://10.0.0.5:7899, https://10.0.0.6 ,wss://hub-c.lan:7950", 7899))
        .containsExactly(A, B, C);
    assertThat(HubAddress.parseList("https://10.0.0.5:7899", 1)).containsExactly(A);
  }

  @Test
  void badEntriesNameTheSettingAndTheEntry() {
    assertThatThrownBy(
            () -> HubAddress.parseList("https://10.0.0.5:7899,,https://10.0.0.6:7899", 7899))
        .hasMessageContaining("SLM_MESH_PEER_URL has an empty entry (number 2)");
    assertThatThrownBy(() -> HubAddress.parseList("https://10.0.0.5:7899,ftp://x:1", 7899))
        .hasMessageStartingWith("SLM_MESH_PEER_URL must be https://host:port")
        .hasMessageEndingWith("(entry 2 of the list)");
    assertThatThrownBy(
            () -> HubAddress.parseList("https://10.0.0.5:7899,https://10.0.0.5:99999", 7899))
        .hasMessageContaining("(entry 2 of the list)");
    assertThatThrownBy(() -> HubAddress.parseList("https://10.0.0.5:7899,10.0.0.5:7899", 7899))
        .hasMessage("SLM_MESH_PEER_URL lists the hub 10.0.0.5:7899 twice");
    assertThatThrownBy(() -> HubAddress.parseList("https://a b:1", 7899))
        .hasMessageStartingWith("SLM_MESH_PEER_URL is not a URL");
  }

  @Test
  void httpEntriesAreTheMemoryBridgeAndTheRestAreHubs() {
    String both = "https://10.0.0.5:7899, http://10.0.0.9:8765 ,https://10.0.0.6:7899";
    assertThat(PeerUrls.hubs(both)).isEqualTo("https://10.0.0.5:7899,https://10.0.0.6:7899");
    assertThat(PeerUrls.memory(both)).isEqualTo("http://10.0.0.9:8765");
    assertThat(PeerUrls.hubs("http://10.0.0.9:8765")).isNull();
    assertThat(PeerUrls.memory("https://10.0.0.5:7899")).isNull();
    assertThat(PeerUrls.hubs("https://10.0.0.5:7899")).isEqualTo("https://10.0.0.5:7899");
    assertThat(PeerUrls.hubs(" ")).isNull();
    assertThat(PeerUrls.hubs("https://a:1,,https://b:1")).isEqualTo("https://a:1,,https://b:1");
  }

  @Test
  void movesToTheNextHubInOrderAndWrapsAround() {
    HubChoice choice = new HubChoice(List.of(A, B, C), clock);
    assertThat(choice.current()).isEqualTo(A);
    assertThat(choice.failed(A)).contains(B);
    assertThat(choice.waitBeforeTrying()).isZero();
    choice.answered(B);
    assertThat(choice.failed(B)).contains(C);
    choice.answered(C);
    assertThat(choice.failed(C)).contains(A);
    assertThat(choice.current()).isEqualTo(A);
    assertThat(choice.waitBeforeTrying()).as("each hub answered before failing: no pause").isZero();
  }

  @Test
  void aSecondReportOfTheSameFailureDoesNotSkipAHub() {
    HubChoice choice = new HubChoice(List.of(A, B, C), clock);
    assertThat(choice.failed(A)).contains(B);
    assertThat(choice.failed(A)).isEmpty();
    assertThat(choice.current()).isEqualTo(B);
  }

  @Test
  void aWholeRoundOfFailuresPausesWithGrowingBackoffUntilAHubAnswers() {
    HubChoice choice = new HubChoice(List.of(A, B), clock);
    choice.failed(A);
    assertThat(choice.waitBeforeTrying()).isZero();
    choice.failed(B);
    assertThat(choice.current()).isEqualTo(A);
    assertThat(choice.waitBeforeTrying()).isEqualTo(Duration.ofSeconds(1));
    clock.advance(Duration.ofMillis(400));
    assertThat(choice.waitBeforeTrying()).isEqualTo(Duration.ofMillis(600));
    clock.advance(Duration.ofMillis(600));
    assertThat(choice.waitBeforeTrying()).isZero();
    choice.failed(A);
    choice.failed(B);
    assertThat(choice.waitBeforeTrying()).isEqualTo(Duration.ofSeconds(2));
    for (int round = 0; round < 10; round++) {
      clock.advance(choice.waitBeforeTrying());
      choice.failed(A);
      choice.failed(B);
    }
    assertThat(choice.waitBeforeTrying()).isEqualTo(HubChoice.MAX_PAUSE);
    clock.advance(HubChoice.MAX_PAUSE);
    choice.answered(A);
    choice.failed(A);
    choice.failed(B);
    assertThat(choice.waitBeforeTrying())
        .as("an answer resets the backoff")
        .isEqualTo(Duration.ofSeconds(1));
  }

  /**
   * docs/team.md, "No fail-back": the first hub answering again, however long after, changes
   * nothing.
   */
  @Test
  void aClientStaysOnTheHubItMovedToWhenTheFirstIsBack() {
    HubChoice choice = new HubChoice(List.of(A, B), clock);
    assertThat(choice.failed(A)).contains(B);
    choice.answered(B);
    clock.advance(Duration.ofHours(2));
    choice.answered(A);
    assertThat(choice.current()).isEqualTo(B);
    assertThat(choice.failed(B)).as("until the new hub fails: then the first again").contains(A);
  }

  @Test
  void oneHubStaysAndNeverPausesAsToday() {
    HubChoice choice = new HubChoice(List.of(A), clock);
    for (int i = 0; i < 5; i++) {
      assertThat(choice.failed(A)).isEmpty();
    }
    assertThat(choice.current()).isEqualTo(A);
    assertThat(choice.waitBeforeTrying()).isZero();
  }
}
