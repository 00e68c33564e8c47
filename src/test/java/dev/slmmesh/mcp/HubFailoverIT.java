package dev.slmmesh.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.testkit.BrokerProcess;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.MeshHttp;
import dev.slmmesh.testkit.PostgresServer;
import dev.slmmesh.testkit.TcpRelay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover between two hubs on one PostgreSQL database (docs/team.md, "Failover"): a real MCP
 * server configured with both hubs joins the first; that hub is killed with {@code kill -9}, a
 * message is sent to the session through the second hub meanwhile, and the session moves to the
 * second hub with the same peer id and receives the message exactly once. The same with a hub that
 * hangs ({@code kill -STOP}): connections open but requests time out.
 */
class HubFailoverIT {
  private static final String SECRET = "failover-secret-for-two-hubs-1";
  private static final Duration LONG = Duration.ofSeconds(60);

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path tmp;

  private final PostgresServer server = PostgresServer.shared();

  private Map<String, String> hubEnv(String db, int wsPort) {
    Map<String, String> env = new HashMap<>();
    env.put("SLM_MESH_STORE", server.url(db));
    env.put("PGPASSWORD", PostgresServer.PASSWORD);
    env.put("SLM_MESH_SHARED_SECRET", SECRET);
    env.put("SLM_MESH_WS_PORT", Integer.toString(wsPort));
    env.put("SLM_MESH_IDLE_MS", "0");
    return env;
  }

  /**
   * One test's database, data directories (hubs a and b, the session), TLS ports and session log.
   */
  private record Layout(
      String db, Path dataA, Path dataB, Path client, int wsA, int wsB, Path stderr) {}

  private Layout layout() throws IOException {
    return new Layout(
        server.createDatabase(),
        Files.createDirectories(tmp.resolve("a")),
        Files.createDirectories(tmp.resolve("b")),
        Files.createDirectories(tmp.resolve("c")),
        BrokerProcess.freePort(),
        BrokerProcess.freePort(),
        tmp.resolve("session.err"));
  }

  /** How the first hub stops answering. */
  private interface Stop {
    void apply(BrokerProcess hub) throws Exception;
  }

  @Test
  void aSessionMovesToTheSecondHubWhenItsHubIsKilledAndGetsTheMessageOnce() throws Exception {
    // refused, or a request that was in flight when the hub died cut off
    failover(
        BrokerProcess::kill9, "Connection refused", "Unexpected end of file", "Connection reset");
  }

  /** A hub that hangs (SIGSTOP) accepts connections but never answers: requests time out. */
  @Test
  void aSessionMovesToTheSecondHubWhenItsHubHangs() throws Exception {
    failover(hub -> signal(hub, "STOP"), "timed out");
  }

  private static void signal(BrokerProcess hub, String name) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(hub.pid())).inheritIO().start();
    assertThat(kill.waitFor()).isZero();
  }

  private void failover(Stop stop, String... reasons) throws Exception {
    Layout l = layout();
    try (BrokerProcess b =
        BrokerProcess.start(l.dataB(), BrokerProcess.freePort(), "b", hubEnv(l.db(), l.wsB()))) {
      BrokerProcess a =
          BrokerProcess.start(l.dataA(), BrokerProcess.freePort(), "a", hubEnv(l.db(), l.wsA()));
      McpTestClient session = null;
      try {
        MeshHttp httpA = awaitUp(l.dataA());
        MeshHttp httpB = awaitUp(l.dataB());
        // the TLS port opens after the local one: a session started earlier rightly skips hub a
        await()
            .atMost(LONG)
            .until(() -> BrokerProcess.listening(l.wsA()) && BrokerProcess.listening(l.wsB()));
        session =
            session(
                l.client(),
                "https://127.0.0.1:" + l.wsA() + ", https://127.0.0.1:" + l.wsB(),
                l.stderr());
        String peerId = CrossHostIT.whoAmI(session).path("peerId").asText();
        assertThat(peerId).isNotBlank();
        String sender =
            httpB
                .call("/register", "projectPath", "/srv", "pid", 1, "name", "sender")
                .json()
                .path("peerId")
                .asText();
        McpTestClient s = session;
        await().atMost(LONG).until(() -> pushConnected(httpA, sender, peerId));

        sendAndSee(httpB, s, sender, peerId, "before the failover");
        stop.apply(a);
        String text = "sent while its hub is dead";
        String messageId = send(httpB, sender, peerId, text);
        seen(s, text);
        await().atMost(LONG).until(() -> "delivered".equals(receipt(httpB, sender, messageId)));
        await().atMost(LONG).until(() -> pushConnected(httpB, sender, peerId));
        assertThat(CrossHostIT.whoAmI(s).path("peerId").asText())
            .as("the same peer id")
            .isEqualTo(peerId);
        sendAndSee(httpB, s, sender, peerId, "after the failover");
        assertThat(count(s, text)).as("received exactly once").isEqualTo(1);
        String log = Files.readString(l.stderr());
        assertThat(log).containsOnlyOnce("moving to hub 127.0.0.1:" + l.wsB());
        assertThat(log)
            .contains("Hub 127.0.0.1:" + l.wsA() + " stopped answering")
            .containsAnyOf(reasons);
        assertThat(b.log()).doesNotContain("ERROR");
      } catch (AssertionError | RuntimeException e) {
        printLogs(a, b, l);
        throw e;
      } finally {
        if (session != null) {
          session.close();
        }
        a.kill9();
        a.close();
      }
    }
  }

  private static void printLogs(BrokerProcess a, BrokerProcess b, Layout l) throws IOException {
    System.err.println(
        "[HubFailoverIT] hub a:\n"
            + a.log()
            + "\n[HubFailoverIT] hub b:\n"
            + b.log()
            + "\n[HubFailoverIT] session:\n"
            + (Files.exists(l.stderr()) ? Files.readString(l.stderr()) : ""));
  }

  /** An MCP server joined to {@code hubs} (SLM_MESH_PEER_URL), initialized. */
  private static McpTestClient session(Path client, String hubs, Path stderr) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("SLM_MESH_DATA_DIR", client.toString());
    env.put("SLM_MESH_SHARED_SECRET", SECRET);
    env.put("SLM_MESH_PEER_URL", hubs);
    env.put("SLM_MESH_HEARTBEAT_MS", "1000");
    env.put("SLM_MESH_CHANNELS", "auto");
    McpTestClient session = McpTestClient.spawn(CrossHostIT.jar(), env, stderr);
    session.initialize();
    return session;
  }

  /**
   * Hub a answers HTTP (heartbeats go on) but its push connection is cut each time soon after it
   * comes up: after 10 s without a push that stays up, the session moves to hub b and gets what was
   * sent meanwhile, once. When hub a is well again the session stays on b (no fail-back); when b
   * dies it wraps around to a.
   */
  @Test
  void aSessionLeavesAHubWhosePushDoesNotStayUpStaysOnTheNewHubAndWrapsAroundWhenItDies()
      throws Exception {
    Layout l = layout();
    BrokerProcess b =
        BrokerProcess.start(l.dataB(), BrokerProcess.freePort(), "b", hubEnv(l.db(), l.wsB()));
    McpTestClient session = null;
    try (BrokerProcess a =
            BrokerProcess.start(l.dataA(), BrokerProcess.freePort(), "a", hubEnv(l.db(), l.wsA()));
        TcpRelay toA = TcpRelay.to(l.wsA())) {
      try {
        MeshHttp httpA = awaitUp(l.dataA());
        MeshHttp httpB = awaitUp(l.dataB());
        await()
            .atMost(LONG)
            .until(() -> BrokerProcess.listening(l.wsA()) && BrokerProcess.listening(l.wsB()));
        String viaRelay = "127.0.0.1:" + toA.port();
        session =
            session(
                l.client(), "https://" + viaRelay + ", https://127.0.0.1:" + l.wsB(), l.stderr());
        McpTestClient s = session;
        String peerId = CrossHostIT.whoAmI(s).path("peerId").asText();
        String sender =
            httpB
                .call("/register", "projectPath", "/srv", "pid", 1, "name", "sender")
                .json()
                .path("peerId")
                .asText();
        await().atMost(LONG).until(() -> pushConnected(httpA, sender, peerId));
        sendAndSee(httpB, s, sender, peerId, "before the push is cut");

        toA.cutsLongConnections(true);
        String text = "sent while its push is cut";
        String messageId = send(httpB, sender, peerId, text);
        await()
            .atMost(LONG)
            .until(
                () -> Files.readString(l.stderr()).contains("moving to hub 127.0.0.1:" + l.wsB()));
        seen(s, text);
        await().atMost(LONG).until(() -> "delivered".equals(receipt(httpB, sender, messageId)));
        String log = Files.readString(l.stderr());
        assertThat(log)
            .as("HTTP kept answering: the push alone made it move")
            .containsOnlyOnce("stopped answering")
            .contains(
                "Hub "
                    + viaRelay
                    + " stopped answering (its push connection has been down for 10 s)");
        assertThat(toA.cut()).as("push connections cut").isGreaterThan(1);
        assertThat(count(s, text)).as("received exactly once").isEqualTo(1);

        // hub a is well again: the session stays where it is until that hub fails
        toA.cutsLongConnections(false);
        await()
            .during(Duration.ofSeconds(8))
            .atMost(LONG)
            .until(() -> pushConnected(httpB, sender, peerId));
        assertThat(Files.readString(l.stderr())).containsOnlyOnce("moving to hub");

        b.kill9();
        await()
            .atMost(LONG)
            .until(() -> Files.readString(l.stderr()).contains("moving to hub " + viaRelay));
        String local =
            httpA
                .call("/register", "projectPath", "/srv", "pid", 2, "name", "sender-on-a")
                .json()
                .path("peerId")
                .asText();
        sendAndSee(httpA, s, local, peerId, "after wrapping around");
        assertThat(CrossHostIT.whoAmI(s).path("peerId").asText())
            .as("the same peer id")
            .isEqualTo(peerId);
      } catch (AssertionError | RuntimeException e) {
        printLogs(a, b, l);
        throw e;
      } finally {
        if (session != null) {
          session.close();
        }
      }
    } finally {
      b.kill9();
      b.close();
    }
  }

  private static MeshHttp awaitUp(Path data) {
    await().atMost(LONG).until(() -> BrokerProcess.client(data).isPresent());
    return BrokerProcess.client(data).orElseThrow();
  }

  private static boolean pushConnected(MeshHttp hub, String exclude, String peerId) {
    for (JsonNode p :
        hub.call("/peers", "scope", "mesh", "excludeId", exclude).json().path("peers")) {
      if (p.path("id").asText().equals(peerId)) {
        return p.path("pushConnected").asBoolean();
      }
    }
    return false;
  }

  private static String send(MeshHttp hub, String from, String to, String text) {
    MeshHttp.Response sent = hub.call("/send", "fromPeer", from, "toPeer", to, "payload", text);
    assertThat(sent.ok()).as(sent.text()).isTrue();
    return sent.json().path("messageId").asText();
  }

  private static void sendAndSee(MeshHttp hub, McpTestClient s, String from, String to, String text)
      throws Exception {
    send(hub, from, to, text);
    seen(s, text);
  }

  private static void seen(McpTestClient s, String text) throws Exception {
    long deadline = System.nanoTime() + LONG.toNanos();
    while (count(s, text) == 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(count(s, text)).as("notification with \"" + text + "\"").isGreaterThan(0);
  }

  private static long count(McpTestClient s, String text) {
    List<JsonNode> all = s.notifications("notifications/claude/channel");
    return all.stream()
        .filter(n -> n.path("params").path("content").asText().contains(text))
        .count();
  }

  private static String receipt(MeshHttp hub, String from, String messageId) {
    return hub.call("/messages/status", "peerId", from, "messageIds", List.of(messageId))
        .json()
        .at("/receipts/0/status")
        .asText();
  }
}
