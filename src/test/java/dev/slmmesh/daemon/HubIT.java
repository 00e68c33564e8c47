package dev.slmmesh.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.client.HubAddress;
import dev.slmmesh.client.HubException;
import dev.slmmesh.client.HubPush;
import dev.slmmesh.client.HubSession;
import dev.slmmesh.client.KnownHubs;
import dev.slmmesh.config.Config;
import dev.slmmesh.config.MeshSettings;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.MeshHttp;
import dev.slmmesh.testkit.TcpRelay;
import dev.slmmesh.wire.HubProof;
import dev.slmmesh.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub in-process on loopback: the TLS port, the secret handshake, remote peers and their push.
 */
class HubIT {
  static final String SECRET = "correct horse battery staple 42";
  static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  @TempDir Path clientDir;

  private BrokerDaemon daemon;
  private MeshHttp local;
  private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    daemon = BrokerDaemon.start(hubConfig(0));
    local = new MeshHttp(daemon.port(), daemon.token());
  }

  private Config hubConfig(int wsPort) {
    return Config.defaults(dir)
        .withPort(0)
        .withMesh(
            MeshSettings.NONE.withSecret(SECRET).withWsPort(wsPort).withMachineName("hub-box"));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    daemon.close();
  }

  private HubSession session(String secret) {
    return session(secret, daemon.hubPort());
  }

  private HubSession session(String secret, int port) {
    return new HubSession(
        new HubAddress("127.0.0.1", port),
        HubProof.fromSecret(secret),
        new KnownHubs(clientDir.resolve("known_hubs")),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10));
  }

  private ObjectNode body(Object... kv) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    for (int i = 0; i < kv.length; i += 2) {
      n.set((String) kv[i], Json.MAPPER.valueToTree(kv[i + 1]));
    }
    return n;
  }

  private JsonNode registerRemote(HubSession s, String name) {
    ObjectNode r =
        s.post(
            "/register",
            body(
                "projectPath",
                "/work/app",
                "pid",
                4242,
                "name",
                name,
                "agentType",
                "claude-code",
                "acknowledges",
                true,
                "requestCredential",
                true,
                "machineId",
                "laptop-id-1",
                "machineName",
                "laptop"));
    assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
    return r;
  }

  @Test
  void hubWritesAnOwnerOnlyCertificateAndPinsIt() throws Exception {
    assertThat(Files.getPosixFilePermissions(dir.resolve("tls/hub.p12")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    HubSession s = session(SECRET);
    assertThat(s.fingerprint()).isEqualTo(daemon.fingerprint());
    assertThat(Files.readString(clientDir.resolve("known_hubs"))).contains(daemon.fingerprint());
  }

  @Test
  void statusNamesTheHubsMachine() {
    assertThat(local.get("/status").json().at("/machine/name").asText()).isEqualTo("hub-box");
  }

  @Test
  void aHubWhoseCertificateChangedIsRefused() throws Exception {
    Files.writeString(
        clientDir.resolve("known_hubs"),
        "127.0.0.1:" + daemon.hubPort() + " " + "00".repeat(32) + "\n");
    assertThatThrownBy(() -> session(SECRET).token())
        .isInstanceOf(HubException.class)
        .hasMessageContaining("certificate changed")
        .satisfies(e -> assertThat(((HubException) e).refused()).isTrue());
  }

  @Test
  void wrongSecretIsRefusedClearlyAndThenRateLimited() {
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> session("a wrong secret, long enough").token())
          .isInstanceOf(HubException.class)
          .hasMessageContaining("Shared secret refused");
    }
    assertThatThrownBy(() -> session("a wrong secret, long enough").token())
        .isInstanceOf(HubException.class)
        .hasMessageContaining("Too many failed shared-secret proofs from 127.0.0.1");
  }

  @Test
  void requestsWithoutASessionAreRefused() {
    HubSession s = session(SECRET);
    s.token();
    s.invalidate(s.token());
    assertThat(registerRemote(s, "fresh").path("credential").asText()).hasSize(64);
  }

  @Test
  void remotePeersCarryTheirMachineAndNeedTheirCredential() {
    HubSession s = session(SECRET);
    JsonNode reg = registerRemote(s, "remote-a");
    String id = reg.path("peerId").asText();
    ObjectNode noCredential = s.post("/heartbeat", body("peerId", id));
    assertThat(noCredential.path("error").asText())
        .startsWith("Remote callers must present the per-peer credential");
    ObjectNode hb =
        s.post("/heartbeat", body("peerId", id, "credential", reg.path("credential").asText()));
    assertThat(hb.path("ok").asBoolean()).isTrue();

    MeshHttp.Response localReg =
        local.call("/register", "projectPath", "/srv", "pid", 1, "name", "beside-hub");
    String localId = localReg.json().path("peerId").asText();
    // a local peer without credential cannot be acted for from the network
    assertThat(s.post("/heartbeat", body("peerId", localId)).path("error").asText())
        .startsWith("Remote callers must present the per-peer credential");

    JsonNode machine =
        local.call("/peers", "scope", "machine", "excludeId", localId).json().path("peers");
    assertThat(machine).isEmpty();
    JsonNode mesh =
        local.call("/peers", "scope", "mesh", "excludeId", localId).json().path("peers");
    assertThat(mesh).hasSize(1);
    assertThat(mesh.get(0).path("machineName").asText()).isEqualTo("laptop");
    JsonNode fromRemote =
        s.post("/peers", body("scope", "machine", "excludeId", localId)).path("peers");
    assertThat(fromRemote).isEmpty();
  }

  @Test
  void remotePeerGetsPushesAcknowledgesThemAndGetsUnacknowledgedOnesAgain() throws Exception {
    HubSession s = session(SECRET);
    JsonNode reg = registerRemote(s, "remote-b");
    String id = reg.path("peerId").asText();
    String credential = reg.path("credential").asText();
    MeshHttp.Response sender =
        local.call("/register", "projectPath", "/srv", "pid", 1, "name", "sender");
    String from = sender.json().path("peerId").asText();

    List<ObjectNode> got = new CopyOnWriteArrayList<>();
    AtomicReference<HubPush> push = new AtomicReference<>();
    HubPush.Receiver keep = got::add;
    HubPush first = new HubPush(s, () -> Optional.of(new HubPush.Identity(id, credential)), keep);
    push.set(first);
    first.reconnectNow();
    await().atMost(WAIT).until(first::isReady);
    assertThat(
            local
                .call("/peers", "scope", "mesh", "excludeId", from)
                .json()
                .at("/peers/0/pushConnected")
                .asBoolean())
        .isTrue();

    String m1 = send(from, id, "first secret plan");
    awaitPushed(got, m1);
    assertThat(receipt(from, m1)).isEqualTo("queued");
    // not acknowledged: a new connection gets it again
    first.close();
    List<ObjectNode> again = new CopyOnWriteArrayList<>();
    HubPush second =
        new HubPush(s, () -> Optional.of(new HubPush.Identity(id, credential)), again::add);
    closing.add(second);
    second.reconnectNow();
    awaitPushed(again, m1);
    assertThat(second.ack(List.of(m1))).isTrue();
    await().atMost(WAIT).until(() -> "delivered".equals(receipt(from, m1)));
    assertThat(again.stream().filter(n -> "message".equals(n.path("type").asText()))).hasSize(1);
  }

  @Test
  void aPushConnectionThatGoesSilentWithoutClosingIsDroppedAndOpenedAgain() throws Exception {
    try (TcpRelay relay = TcpRelay.to(daemon.hubPort())) {
      HubSession s = session(SECRET, relay.port());
      JsonNode reg = registerRemote(s, "remote-silent");
      String id = reg.path("peerId").asText();
      String credential = reg.path("credential").asText();
      String from =
          local
              .call("/register", "projectPath", "/srv", "pid", 1, "name", "quiet-sender")
              .json()
              .path("peerId")
              .asText();
      List<ObjectNode> got = new CopyOnWriteArrayList<>();
      HubPush push =
          new HubPush(
              s,
              () -> Optional.of(new HubPush.Identity(id, credential)),
              got::add,
              Duration.ofSeconds(1));
      closing.add(push);
      push.reconnectNow();
      await().atMost(WAIT).until(push::isReady);

      // the hub answers each ping: four intervals later the first connection is still the one in
      // use
      await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(push::isReady);
      assertThat(relay.cut()).isZero();

      relay.silent(true); // the connection stays open, nothing gets through any more
      await().atMost(WAIT).until(() -> !push.isReady());
      relay.silent(false);
      await().atMost(WAIT).until(push::isReady);
      awaitPushed(got, send(from, id, "after the silence"));
    }
  }

  /** Sends {@code payload} through the local API; the message's id. */
  private String send(String from, String to, String payload) {
    return local
        .call("/send", "fromPeer", from, "toPeer", to, "payload", payload)
        .json()
        .path("messageId")
        .asText();
  }

  private static void awaitPushed(List<ObjectNode> got, String messageId) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                got.stream()
                    .anyMatch(n -> n.path("payload").path("messageId").asText().equals(messageId)));
  }

  private String receipt(String from, String messageId) {
    return local
        .call("/messages/status", "peerId", from, "messageIds", List.of(messageId))
        .json()
        .at("/receipts/0/status")
        .asText();
  }

  @Test
  void helloWithAWrongCredentialIsRefused() {
    HubSession s = session(SECRET);
    String id = registerRemote(s, "remote-c").path("peerId").asText();
    AtomicReference<String> refused = new AtomicReference<>();
    HubPush p =
        new HubPush(
            s,
            () -> Optional.of(new HubPush.Identity(id, "0".repeat(64))),
            new HubPush.Receiver() {
              @Override
              public void onNotification(ObjectNode envelope) {}

              @Override
              public void onRefused(String reason) {
                refused.set(reason);
              }
            });
    closing.add(p);
    p.reconnectNow();
    await().atMost(WAIT).until(() -> refused.get() != null);
    assertThat(refused.get()).startsWith("Invalid or missing credential");
  }
}
