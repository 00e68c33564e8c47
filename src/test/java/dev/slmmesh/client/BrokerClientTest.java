package dev.slmmesh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.config.DataDir;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BrokerClientTest {
  private Path data;
  private FakeBroker broker;

  @BeforeEach
  void startBroker() throws IOException {
    data = Files.createTempDirectory(Path.of("/tmp"), "bc");
    broker = FakeBroker.start(data);
  }

  @AfterEach
  void stopBroker() throws IOException {
    broker.close();
  }

  private BrokerClient client() {
    return new BrokerClient(new DataDir(data), 7899, Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void sendsTheBearerTokenAndReturnsApplicationErrorsAsAnswers() {
    ObjectNode answer =
        client().post("/heartbeat", Json.MAPPER.createObjectNode().put("peerId", "nobody"));
    assertThat(answer.toString()).isEqualTo("{\"ok\":false,\"error\":\"Peer not found\"}");
    assertThat(broker.requests("/heartbeat")).hasSize(1);
  }

  @Test
  void readsTheTokenAgainAfterA401() throws IOException {
    Files.writeString(data.resolve("broker.token"), "stale");
    BrokerClient client = client();
    assertThat(client.address().token()).isEqualTo("stale");
    Files.writeString(data.resolve("broker.token"), broker.token());
    assertThat(client.get("/status").path("status").asText()).isEqualTo("ok");
    assertThat(client.address().token()).isEqualTo(broker.token());
  }

  @Test
  void readsThePortAgainWhenTheConnectionIsRefused() throws IOException {
    Files.writeString(data.resolve("port"), Integer.toString(closedPort()));
    BrokerClient client = client();
    client.address();
    Files.writeString(data.resolve("port"), Integer.toString(broker.port()));
    assertThat(client.get("/status").path("status").asText()).isEqualTo("ok");
    assertThat(client.address().port()).isEqualTo(broker.port());
  }

  @Test
  void reportsRefusedConnectionsAsUnreachable() throws IOException {
    Files.writeString(data.resolve("port"), Integer.toString(closedPort()));
    assertThatThrownBy(() -> client().get("/status"))
        .isInstanceOfSatisfying(
            BrokerUnavailableException.class, e -> assertThat(e.connectionFailed()).isTrue())
        .hasMessageContaining("cannot connect to the broker at http://127.0.0.1:");
    assertThat(client().healthy()).isFalse();
  }

  @Test
  void reportsHttpErrorsWithStatusAndBody() {
    assertThatThrownBy(() -> client().post("/nowhere", Json.MAPPER.createObjectNode()))
        .isInstanceOfSatisfying(
            BrokerUnavailableException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.connectionFailed()).isFalse();
            })
        .hasMessage(
            "Broker request POST /nowhere failed: 404 \u2014 "
                + "{\"ok\":false,\"error\":\"Unknown endpoint\"}");
  }

  @Test
  void fallsBackToTheConfiguredPortWithoutAPortFile() throws IOException {
    Files.delete(data.resolve("port"));
    BrokerClient client =
        new BrokerClient(
            new DataDir(data), broker.port(), Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(client.healthy()).isTrue();
  }

  @Test
  void isNotHealthyWithoutAToken() throws IOException {
    Files.delete(data.resolve("broker.token"));
    assertThat(client().healthy()).isFalse();
  }

  static int closedPortSafe() {
    try {
      return closedPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
