package dev.slmmesh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.config.DataDir;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.PeerApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the hand-read routes report answers they cannot read, and refusals. */
class HttpMeshApiTest {
  private FakeBroker broker;
  private HttpMeshApi api;

  @BeforeEach
  void start() throws IOException {
    Path data = Files.createTempDirectory(Path.of("/tmp"), "hm");
    broker = FakeBroker.start(data);
    api =
        new HttpMeshApi(
            new BrokerClient(
                new DataDir(data), 7899, Duration.ofSeconds(1), Duration.ofSeconds(2)));
  }

  @AfterEach
  void stop() throws IOException {
    broker.close();
  }

  @Test
  void anAnswerOfTheWrongShapeNamesTheRouteAndTheField() {
    broker.override(
        "/register",
        body -> {
          var answer = Json.MAPPER.createObjectNode().put("ok", true);
          answer.putObject("peerId").put("id", "p1");
          return answer;
        });

    assertThatThrownBy(() -> api.register(PeerApi.Register.of("/w", 1, null, null)))
        .isInstanceOf(BrokerUnavailableException.class)
        .hasMessage(
            "Broker request POST /register returned an answer this client cannot read: "
                + "field \"peerId\" must be a text, got an object");
  }

  @Test
  void aRefusalIsThrownWithTheBrokersTextOrSaysItHadNone() {
    assertThatThrownBy(() -> api.heartbeat(PeerApi.Heartbeat.of("nobody", null)))
        .isInstanceOfSatisfying(
            MeshRefusedException.class, e -> assertThat(e.lostIdentity()).isTrue())
        .hasMessage("Peer not found");

    broker.override("/peers", body -> Json.MAPPER.createObjectNode().put("ok", false));
    assertThatThrownBy(() -> api.peers(PeerApi.PeersQuery.scope("machine")))
        .isInstanceOf(MeshRefusedException.class)
        .hasMessage("the broker refused /peers without a reason");

    // a reason that is not a text is no reason: the message says so instead of being empty
    broker.override(
        "/peers", body -> Json.MAPPER.createObjectNode().put("ok", false).put("error", 42));
    assertThatThrownBy(() -> api.peers(PeerApi.PeersQuery.scope("machine")))
        .isInstanceOf(MeshRefusedException.class)
        .hasMessage("the broker refused /peers without a reason");
  }

  @Test
  void theHandWrittenBodyIsWhatTheBrokerReceives() {
    PeerApi.Registered registered =
        api.register(
            new PeerApi.Register(
                "/w", 7, "alpha", null, null, "codex", null, true, null, "push", null, null, null,
                null, null));

    assertThat(registered.peerId()).isNotBlank();
    assertThat(registered.credential()).isNotBlank();
    assertThat(broker.requests("/register").get(0).body().toString())
        .isEqualTo(
            "{\"projectPath\":\"/w\",\"pid\":7,\"name\":\"alpha\",\"agentType\":\"codex\","
                + "\"requestCredential\":true,\"deliveryPath\":\"push\"}");
    assertThat(api.peers(PeerApi.PeersQuery.scope("machine")).peers())
        .extracting(p -> p.name())
        .contains("alpha");
  }
}
