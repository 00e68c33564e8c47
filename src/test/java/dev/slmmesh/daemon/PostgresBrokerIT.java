package dev.slmmesh.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slmmesh.testkit.BrokerProcess;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.MeshHttp;
import dev.slmmesh.testkit.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real broker on {@code SLM_MESH_STORE=postgresql://...}: its data lives in the database (a
 * broker on another data directory finds it there, and no SQLite file is made), and a wrong
 * password stops the start with an error that names the setting.
 */
class PostgresBrokerIT {
  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path tmp;

  private final PostgresServer server = PostgresServer.shared();

  @Test
  void keepsPeersMessagesAndStateInTheDatabase() throws Exception {
    String db = server.createDatabase();
    Map<String, String> env =
        Map.of("SLM_MESH_STORE", server.url(db), "PGPASSWORD", PostgresServer.PASSWORD);
    Path first = tmp.resolve("a");
    String to;
    String message;
    try (BrokerProcess broker = BrokerProcess.start(first, BrokerProcess.freePort(), "a", env)) {
      MeshHttp http = awaitUp(first);
      to =
          http.call("/register", "projectPath", "/r", "pid", 9, "name", "to")
              .json()
              .get("peerId")
              .asText();
      String from =
          http.call("/register", "projectPath", "/r", "pid", 10, "name", "from")
              .json()
              .get("peerId")
              .asText();
      message =
          http.call("/send", "fromPeer", from, "toPeer", to, "payload", "hello")
              .json()
              .get("messageId")
              .asText();
      assertThat(
              http.call("/state", "action", "set", "key", "k", "value", "v", "peerId", from).ok())
          .isTrue();
      assertThat(broker.log()).contains("Store on SLM_MESH_STORE=" + server.url(db));
    }
    assertThat(first.resolve("mesh.db")).doesNotExist();

    Path second = tmp.resolve("b");
    try (BrokerProcess broker = BrokerProcess.start(second, BrokerProcess.freePort(), "b", env)) {
      MeshHttp http = awaitUp(second);
      assertThat(http.get("/status").json().at("/messages/undelivered").asInt()).isEqualTo(1);
      assertThat(
              http.call("/state", "action", "get", "key", "k").json().at("/entry/value").asText())
          .isEqualTo("v");
      assertThat(http.call("/messages", "peerId", to).json().toString()).contains(message);
    }
  }

  @Test
  void aWrongPasswordStopsTheStartNamingTheSetting() throws Exception {
    String db = server.createDatabase();
    Map<String, String> env = Map.of("SLM_MESH_STORE", server.url(db), "PGPASSWORD", "wrong");
    Path data = tmp.resolve("w");
    try (BrokerProcess broker = BrokerProcess.start(data, BrokerProcess.freePort(), "w", env)) {
      assertThat(broker.waitExit(Duration.ofSeconds(30))).isTrue();
      assertThat(broker.process().exitValue()).isNotZero();
      assertThat(broker.log())
          .contains("SLM_MESH_STORE=" + server.url(db))
          .contains("refused the login");
      assertThat(broker.log()).doesNotContain("wrong");
    }
    assertThat(Files.exists(data.resolve("mesh.db"))).isFalse();
  }

  private static MeshHttp awaitUp(Path data) {
    await().atMost(Duration.ofSeconds(30)).until(() -> BrokerProcess.client(data).isPresent());
    return BrokerProcess.client(data).orElseThrow();
  }
}
