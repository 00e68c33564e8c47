package dev.slmmesh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.wire.Peer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PeerRegistryTest {
  private final BrokerFixture f = new BrokerFixture();
  private final PeerRegistry peers = f.broker.peers();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void autoNameIsPeerPlusTheFirstSixCharactersOfTheId() {
    PeerRegistry.Enrolled r = peers.register(f.registration("auto"));
    String id = r.peerId();
    assertThat(r.name()).isEqualTo("peer-" + id.substring(0, 6));
    assertThat(r.credential()).isNull();
  }

  @Test
  void invalidAgentTypeIsAClearErrorNotA500() {
    Registration bad =
        new Registration("/p", 1, null, null, null, "emacs", null, false, false, null, null, null);
    assertThatThrownBy(() -> peers.register(bad))
        .hasMessage(
            "agentType must be one of claude-code, cursor, aider, codex, windsurf, vscode, gemini-cli, unknown");
  }

  @Test
  void aPeerWithACredentialCannotBeImpersonated() {
    String[] a = f.registerSecured("alice", false);
    assertThatThrownBy(() -> peers.heartbeat(a[0], null, null))
        .hasMessage("Invalid or missing credential for peer " + a[0]);
    assertThatThrownBy(() -> peers.unregister(a[0], "f".repeat(64)))
        .hasMessageStartingWith("Invalid or missing credential");
    assertThatThrownBy(() -> peers.summary(a[0], null, "hijacked"))
        .hasMessageStartingWith("Invalid or missing credential");
    peers.heartbeat(a[0], a[1], null);
    peers.unregister(a[0], a[1]);
    assertThat(peers.find(a[0])).isEmpty();
  }

  @Test
  void anIdThatHadACredentialStaysBoundToItAfterUnregister() {
    String[] a = f.registerSecured("alice", false);
    String b = f.register("bob");
    peers.unregister(a[0], a[1]);

    assertThatThrownBy(() -> f.broker.mailbox().send(a[0], b, "as alice", "text", null))
        .hasMessage("Invalid or missing credential for peer " + a[0]);
    Registration thief =
        new Registration(
            "/x", 5, "alice", null, null, "unknown", null, false, false, null, a[0], null);
    assertThatThrownBy(() -> peers.register(thief))
        .hasMessage("Invalid or missing credential for peer " + a[0]);
    Registration owner =
        new Registration(
            "/repo",
            101,
            "alice",
            "/repo",
            null,
            "claude-code",
            null,
            true,
            false,
            null,
            a[0],
            a[1]);
    assertThat(peers.register(owner).peerId()).isEqualTo(a[0]);
  }

  @Test
  void messagesFromSendersThatAreNotPeersAreMarkedWhereAModelSeesTheSender() {
    String[] b = f.registerSecured("bob", true);
    String a = f.register("alice");
    String script = "3f0c9a1e-5b7d-4c2a-9e11-0a1b2c3d4e5f";
    f.broker.mailbox().send(script, b[0], "from a script", "text", null);
    f.broker.mailbox().send("cli", b[0], "from the person", "text", null);
    f.broker.mailbox().send(a, b[0], "from alice", "text", null);

    assertThat(f.push.to(b[0], "message"))
        .extracting(n -> n.payload().get("fromName"))
        .containsExactly(Deliveries.UNREGISTERED + script, "cli", "alice");
    assertThat(
            f.store
                .events()
                .read(new dev.slmmesh.store.EventQuery(List.of("message_received"), null, 10)))
        .extracting(dev.slmmesh.wire.Event::payload)
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("\"fromPeer\":\"cli\"")
                    .contains("\"senderRegistered\":false"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("\"fromPeer\":\"" + a + "\"")
                    .doesNotContain("senderRegistered"));
  }

  @Test
  void reclaimKeepsIdSummaryAndRequiresTheCredential() {
    String[] a = f.registerSecured("alice", false);
    peers.summary(a[0], a[1], "refactoring auth");
    Registration thief =
        new Registration(
            "/x",
            5,
            "alice",
            null,
            null,
            "unknown",
            null,
            false,
            false,
            null,
            a[0],
            "0".repeat(64));
    assertThatThrownBy(() -> peers.register(thief))
        .hasMessageStartingWith("Invalid or missing credential");
    Registration again =
        new Registration(
            "/repo",
            101,
            "alice",
            "/repo",
            null,
            "claude-code",
            null,
            true,
            false,
            null,
            a[0],
            a[1]);
    PeerRegistry.Enrolled r = peers.register(again);
    assertThat(r).isEqualTo(new PeerRegistry.Enrolled(a[0], "alice", null));
    assertThat(peers.find(a[0]).orElseThrow().peer().summary()).isEqualTo("refactoring auth");
  }

  @Test
  void unregisterOfAnUnknownPeerIsRefusedAndEmitsNothing() {
    assertThatThrownBy(() -> peers.unregister("3f0c9a1e-5b7d-4c2a-9e11-0a1b2c3d4e5f", null))
        .hasMessage("Peer not found");
    assertThat(f.push.broadcasts).isEmpty();
  }

  @Test
  void heartbeatOfUnknownPeerSaysPeerNotFoundExactly() {
    assertThatThrownBy(() -> peers.heartbeat("ghost", null, null)).hasMessage("Peer not found");
  }

  @Test
  void scopesFilterByDirectoryAndRepoUsingTheCallersRegistration() {
    String a = f.register("a");
    peers.register(
        new Registration(
            "/other", 2, "b", "/elsewhere", null, "cursor", null, false, false, null, null, null));
    String c = f.register("c");
    assertThat(peers.list("machine", null, null, a))
        .extracting(Peer::name)
        .containsExactly("b", "c");
    assertThat(peers.list("directory", null, null, a)).extracting(Peer::id).containsExactly(c);
    assertThat(peers.list("repo", null, null, a)).extracting(Peer::id).containsExactly(c);
    assertThat(peers.list("repo", "/elsewhere", "/repo", null))
        .extracting(Peer::id)
        .containsExactly(a, c);
    assertThat(peers.list("repo", null, "/elsewhere", null))
        .extracting(Peer::name)
        .containsExactly("b");
    assertThatThrownBy(() -> peers.list("galaxy", null, null, null))
        .hasMessage("scope must be one of machine, mesh, directory, repo");
    assertThatThrownBy(() -> peers.list("repo", null, null, null))
        .hasMessageStartingWith("scope repo needs gitRoot");
  }

  @Test
  void socketPathsOutsideThePeersDirectoryAreRefused() {
    Registration r =
        new Registration(
            "/p", 1, null, null, null, "unknown", "/etc/passwd", false, false, null, null, null);
    assertThatThrownBy(() -> peers.register(r))
        .hasMessageStartingWith("udsPath must be an absolute path");
    assertThat(f.push.links).isEmpty();
  }

  @Test
  void deadPeerIsRemovedWithLocksAndTheOthersAreTold() {
    String a = f.register("a");
    String b = f.register("b");
    f.broker.events().subscribe(b, List.of("peer_left"));
    f.broker.locks().lock("/repo/x", a, null, "", 10);
    f.clock.advance(Duration.ofSeconds(31));
    peers.heartbeat(b, null, null);
    f.broker.janitor().sweep();
    assertThat(f.store.peers().find(a).orElseThrow().peer().status()).isEqualTo("stale");
    f.clock.advance(Duration.ofSeconds(30));
    peers.heartbeat(b, null, null);
    f.broker.janitor().sweep();
    assertThat(f.store.peers().find(a)).isEmpty();
    assertThat(f.broker.locks().query(null, null)).isEmpty();
    assertThat(f.push.to(b, "event"))
        .anySatisfy(n -> assertThat(n.payload()).containsEntry("reason", "dead_timeout"));
    assertThat(f.push.broadcasts)
        .anySatisfy(
            n ->
                assertThat(n.payload()).containsEntry("action", "left").containsEntry("peerId", a));
  }

  @Test
  void aHeartbeatReopensALinkThatIsDownSoPushNeverGivesUpForGood() {
    String[] a = f.registerSecured("alice", true);
    f.push.links.clear();
    peers.heartbeat(a[0], a[1], null);
    assertThat(f.push.links).containsKey(a[0]);
  }

  @Test
  void restartRestoresLinksOfKnownPeers() {
    String[] a = f.registerSecured("alice", false);
    f.push.links.clear();
    peers.restoreLinks();
    assertThat(f.push.links).containsEntry(a[0], BrokerFixture.PEERS.resolve("alice.sock"));
  }
}
