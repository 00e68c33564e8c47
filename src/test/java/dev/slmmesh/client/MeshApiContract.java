package dev.slmmesh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.config.DataDir;
import dev.slmmesh.testkit.MeshHttp;
import dev.slmmesh.wire.EventApi;
import dev.slmmesh.wire.InboxMessage;
import dev.slmmesh.wire.LockApi;
import dev.slmmesh.wire.MessageApi;
import dev.slmmesh.wire.PeerApi;
import dev.slmmesh.wire.StateApi;
import dev.slmmesh.wire.StatusApi;
import dev.slmmesh.wire.WireText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every broker must answer on each route of the API (docs/wire.md), through {@link MeshApi}
 * and, for bad input, as raw HTTP (status and error body). Runs against the real broker ({@code
 * RealBrokerContractIT}) and the test fake ({@link FakeBrokerContractTest}): a fake that drifts
 * from the broker fails here, not in the tests that trust it.
 */
abstract class MeshApiContract {
  private static final String MISSING = "3f0c9a1e-5b7d-4c2a-9e11-0a1b2c3d4e5f";

  @TempDir Path dir;

  MeshApi api;
  MeshHttp http;

  /**
   * Starts the broker under test, writing {@code port} and {@code broker.token} into {@code data}.
   */
  abstract AutoCloseable startBroker(Path data) throws Exception;

  private AutoCloseable broker;

  @BeforeEach
  void start() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    broker = startBroker(data);
    api =
        new HttpMeshApi(
            new BrokerClient(new DataDir(data), 0, Duration.ofSeconds(5), Duration.ofSeconds(10)));
    http =
        new MeshHttp(
            Integer.parseInt(Files.readString(data.resolve("port")).trim()),
            Files.readString(data.resolve("broker.token")).trim());
  }

  @AfterEach
  void stop() throws Exception {
    broker.close();
  }

  private PeerApi.Registered join(String name) {
    return api.register(
        new PeerApi.Register(
            "/work/" + name,
            4242,
            name,
            null,
            null,
            "claude-code",
            null,
            true,
            null,
            null,
            null,
            null,
            null,
            null,
            null));
  }

  @Test
  void healthAndStatusReportTheBrokerAndItsPeers() {
    StatusApi.Health health = api.health();
    assertThat(health.status()).isEqualTo("ok");
    assertThat(health.version()).isNotBlank();
    assertThat(http.get("/health").status()).isEqualTo(200);
    join("alice");
    join("bob");
    StatusApi.Status status = api.status();
    assertThat(status.status()).isEqualTo("ok");
    assertThat(status.peers().active()).isEqualTo(2);
  }

  @Test
  void registerGivesAnIdANameAndACredentialOnlyWhenAsked() {
    PeerApi.Registered alice = join("alice");
    assertThat(alice.peerId()).matches("[0-9a-f-]{36}");
    assertThat(alice.name()).isEqualTo("alice");
    assertThat(alice.credential()).isNotBlank();
    PeerApi.Registered plain = api.register(PeerApi.Register.of("/work/x", 4243, null, "codex"));
    assertThat(plain.credential()).isNull();
    assertThat(plain.name()).isEqualTo("peer-" + plain.peerId().substring(0, 6));
  }

  @Test
  void aCredentialTakesBackTheSameIdentity() {
    PeerApi.Registered alice = join("alice");
    PeerApi.Registered again =
        api.register(
            new PeerApi.Register(
                "/work/alice",
                4242,
                "alice",
                null,
                null,
                "claude-code",
                null,
                true,
                null,
                null,
                null,
                alice.peerId(),
                alice.credential(),
                null,
                null));
    assertThat(again.peerId()).isEqualTo(alice.peerId());
    assertThat(again.name()).isEqualTo("alice");
    assertThat(again.credential()).isNull();
  }

  @Test
  void heartbeatKnowsItsPeerAndSaysPeerNotFoundExactlyOtherwise() {
    PeerApi.Registered alice = join("alice");
    assertThat(api.heartbeat(PeerApi.Heartbeat.of(alice.peerId(), alice.credential())).ok())
        .isTrue();
    assertThatThrownBy(() -> api.heartbeat(PeerApi.Heartbeat.of(MISSING, null)))
        .isInstanceOf(MeshRefusedException.class)
        .hasMessage(WireText.PEER_NOT_FOUND);
  }

  @Test
  void peersListsTheOthersWithTheirSummaryAndNoCredential() {
    PeerApi.Registered alice = join("alice");
    PeerApi.Registered bob = join("bob");
    api.summary(new PeerApi.Summary(bob.peerId(), "reviewing the parser", bob.credential()));
    PeerApi.PeerList list =
        api.peers(
            new PeerApi.PeersQuery("machine", null, null, alice.peerId(), alice.credential()));
    assertThat(list.peers())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.id()).isEqualTo(bob.peerId());
              assertThat(p.name()).isEqualTo("bob");
              assertThat(p.summary()).isEqualTo("reviewing the parser");
            });
    assertThat(http.call("/peers", "scope", "machine").text()).doesNotContain(bob.credential());
  }

  @Test
  void aDirectMessageReachesTheInboxWithItsSenderOnceUnread() {
    PeerApi.Registered alice = join("alice");
    PeerApi.Registered bob = join("bob");
    MessageApi.Sent sent =
        api.send(
            new MessageApi.Send(
                alice.peerId(), bob.peerId(), "hello bob", "text", alice.credential(), null, null));
    assertThat(sent.messageId()).isNotBlank();
    assertThat(sent.messageIds()).isNull();
    MessageApi.Messages unread =
        api.messages(new MessageApi.Inbox(bob.peerId(), bob.credential(), "unread", null, 20));
    assertThat(unread.messages())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.message().id()).isEqualTo(sent.messageId());
              assertThat(m.message().fromPeer()).isEqualTo(alice.peerId());
              assertThat(m.message().toPeer()).isEqualTo(bob.peerId());
              assertThat(m.message().payload()).isEqualTo("hello bob");
              assertThat(m.fromName()).isEqualTo("alice");
            });
    assertThat(
            api.messages(new MessageApi.Inbox(bob.peerId(), bob.credential(), "unread", null, 20))
                .messages())
        .isEmpty();
    List<InboxMessage> all =
        api.messages(new MessageApi.Inbox(bob.peerId(), bob.credential(), "all", null, 20))
            .messages();
    assertThat(all).singleElement().satisfies(m -> assertThat(m.message().readAt()).isNotNull());
  }

  @Test
  void markReadMarksOnlyUnreadMessagesOfTheReader() {
    PeerApi.Registered alice = join("alice");
    PeerApi.Registered bob = join("bob");
    String id =
        api.send(
                new MessageApi.Send(
                    alice.peerId(), bob.peerId(), "one", "text", alice.credential(), null, null))
            .messageId();
    assertThat(
            api.markRead(new MessageApi.Ids(bob.peerId(), bob.credential(), List.of(id))).marked())
        .isEqualTo(1);
    assertThat(
            api.markRead(new MessageApi.Ids(bob.peerId(), bob.credential(), List.of(id))).marked())
        .isZero();
    assertThat(
            api.messages(new MessageApi.Inbox(bob.peerId(), bob.credential(), "unread", null, 20))
                .messages())
        .isEmpty();
  }

  @Test
  void aBroadcastGivesOneMessagePerOtherPeer() {
    PeerApi.Registered alice = join("alice");
    PeerApi.Registered bob = join("bob");
    PeerApi.Registered carol = join("carol");
    MessageApi.Sent sent =
        api.send(
            new MessageApi.Send(
                alice.peerId(),
                WireText.BROADCAST,
                "hello all",
                "text",
                alice.credential(),
                null,
                null));
    assertThat(sent.messageId()).isNull();
    assertThat(sent.messageIds()).hasSize(2);
    for (PeerApi.Registered p : List.of(bob, carol)) {
      assertThat(
              api.messages(new MessageApi.Inbox(p.peerId(), p.credential(), "unread", null, 20))
                  .messages())
          .extracting(m -> m.message().payload())
          .containsExactly("hello all");
    }
  }

  @Test
  void sendRefusesAnUnknownPeerAndMissingFields() {
    PeerApi.Registered alice = join("alice");
    assertThatThrownBy(
            () ->
                api.send(
                    new MessageApi.Send(
                        alice.peerId(), MISSING, "hi", "text", alice.credential(), null, null)))
        .isInstanceOf(MeshRefusedException.class)
        .hasMessage(WireText.PEER_NOT_FOUND_OR_INACTIVE);
    MeshHttp.Response missing = http.call("/send", "fromPeer", alice.peerId(), "toPeer", MISSING);
    assertThat(missing.status()).isEqualTo(200);
    assertThat(missing.text())
        .isEqualTo("{\"ok\":false,\"error\":\"fromPeer, toPeer, and payload are required\"}");
  }

  @Test
  void stateSetsGetsListsAndDeletesAKey() {
    PeerApi.Registered alice = join("alice");
    StateApi.Entry set =
        api.stateSet(
            StateApi.Request.set("build", "status", "green", alice.peerId(), alice.credential()));
    assertThat(set.entry().key()).isEqualTo("status");
    assertThat(set.entry().namespace()).isEqualTo("build");
    assertThat(set.entry().value()).isEqualTo("green");
    assertThat(set.entry().updatedBy()).isEqualTo(alice.peerId());
    assertThat(api.stateGet(StateApi.Request.get("build", "status")).entry().value())
        .isEqualTo("green");
    assertThat(api.stateGet(StateApi.Request.get("build", "absent")).entry()).isNull();
    assertThat(api.stateList(StateApi.Request.list("build")).entries())
        .extracting(e -> e.key())
        .containsExactly("status");
    assertThat(api.stateList(StateApi.Request.list(null)).entries()).isEmpty();
    assertThat(api.stateDelete(StateApi.Request.delete("build", "status")).deleted()).isTrue();
    assertThat(api.stateDelete(StateApi.Request.delete("build", "status")).deleted()).isFalse();
    assertThat(api.stateGet(StateApi.Request.get("build", "status")).entry()).isNull();
  }

  @Test
  void stateRefusesMissingFieldsAndUnknownActions() {
    assertThat(http.call("/state", "action", "set", "key", "k").text())
        .isEqualTo("{\"ok\":false,\"error\":\"key, value, and peerId are required for set\"}");
    assertThat(http.call("/state", "action", "rename").error()).isEqualTo("Unknown action: rename");
    assertThat(http.call("/state").error()).isEqualTo("action is required");
  }

  @Test
  void aLockIsHeldByOneRenewedByItsHolderAndReleased() {
    PeerApi.Registered alice = join("alice");
    PeerApi.Registered bob = join("bob");
    String file = "/work/shared/Main.java";
    LockApi.Granted granted =
        api.lock(LockApi.Request.lock(file, alice.peerId(), alice.credential(), "refactor", 5.0));
    assertThat(granted.lock().filePath()).isEqualTo(file);
    assertThat(granted.lock().lockedBy()).isEqualTo(alice.peerId());
    assertThat(granted.renewed()).isNull();
    assertThatThrownBy(
            () -> api.lock(LockApi.Request.lock(file, bob.peerId(), bob.credential(), null, null)))
        .isInstanceOf(MeshRefusedException.class)
        .hasMessageStartingWith("File locked by alice, reason: refactor.");
    assertThat(
            api.lock(
                    LockApi.Request.lock(file, alice.peerId(), alice.credential(), "refactor", 5.0))
                .renewed())
        .isTrue();
    assertThat(api.locks(LockApi.Request.query(file, null)).locks())
        .extracting(l -> l.lockedBy())
        .containsExactly(alice.peerId());
    api.unlock(LockApi.Request.unlock(file, alice.peerId(), alice.credential()));
    assertThat(api.locks(LockApi.Request.query(null, null)).locks()).isEmpty();
    assertThat(
            api.lock(LockApi.Request.lock(file, bob.peerId(), bob.credential(), null, null))
                .lock()
                .lockedBy())
        .isEqualTo(bob.peerId());
  }

  @Test
  void lockRefusesMissingFields() {
    assertThat(http.call("/lock", "action", "lock", "filePath", "/a").error())
        .isEqualTo("filePath and peerId are required for lock");
    assertThat(http.call("/lock", "action", "steal").error()).isEqualTo("Unknown action: steal");
  }

  @Test
  void eventsRecordJoinsAndCustomEventsNewestFirst() {
    PeerApi.Registered alice = join("alice");
    assertThat(api.events(EventApi.Request.read(List.of("peer_joined"), null, 10)).events())
        .singleElement()
        .satisfies(e -> assertThat(e.emittedBy()).isEqualTo(alice.peerId()));
    EventApi.Emitted first =
        api.emit(
            EventApi.Request.emit(
                alice.peerId(), alice.credential(), "build_done", Map.of("target", "jar")));
    api.emit(
        EventApi.Request.emit(
            alice.peerId(), alice.credential(), "build_done", Map.of("target", "docs")));
    assertThat(first.event().type()).isEqualTo("build_done");
    List<dev.slmmesh.wire.Event> read =
        api.events(EventApi.Request.read(List.of("build_done"), null, 10)).events();
    assertThat(read).hasSize(2);
    assertThat(read.get(0).payload()).contains("docs");
    assertThat(read.get(1).payload()).contains("jar");
    assertThat(api.events(EventApi.Request.read(List.of("build_done"), null, 1)).events())
        .hasSize(1);
    assertThat(
            api.subscribe(
                    EventApi.Request.subscribe(
                        alice.peerId(), alice.credential(), List.of("build_done")))
                .subscribed())
        .containsExactly("build_done");
    assertThat(
            api.unsubscribe(EventApi.Request.unsubscribe(alice.peerId(), alice.credential())).ok())
        .isTrue();
  }

  @Test
  void eventsRefuseAnUnknownPeer() {
    assertThatThrownBy(() -> api.emit(EventApi.Request.emit(MISSING, null, "build_done", Map.of())))
        .isInstanceOf(MeshRefusedException.class)
        .hasMessage(WireText.PEER_NOT_FOUND);
    assertThat(http.call("/events", "action", "subscribe").error())
        .isEqualTo("peerId is required for subscribe");
  }

  @Test
  void theHttpLayerAnswersBadRequestsWithItsStatusAndFixedText() {
    MeshHttp.Response noToken = http.post("/peers", "{}", null);
    assertThat(noToken.status()).isEqualTo(401);
    assertThat(noToken.text())
        .isEqualTo("{\"ok\":false,\"error\":\"" + WireText.UNAUTHORIZED + "\"}");
    MeshHttp.Response unknown = http.post("/nowhere", "{}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.text())
        .isEqualTo("{\"ok\":false,\"error\":\"" + WireText.UNKNOWN_ENDPOINT + "\"}");
    for (String bad : List.of("{not json", "[1,2]")) {
      MeshHttp.Response invalid = http.post("/peers", bad);
      assertThat(invalid.status()).as(bad).isEqualTo(400);
      assertThat(invalid.text())
          .isEqualTo("{\"ok\":false,\"error\":\"" + WireText.INVALID_JSON + "\"}");
    }
    assertThat(http.call("/register", "projectPath", "/w").text())
        .isEqualTo("{\"ok\":false,\"error\":\"projectPath and pid are required\"}");
    assertThat(http.call("/summary", "peerId", UUID.randomUUID().toString()).error())
        .isEqualTo("peerId and summary are required");
  }
}
