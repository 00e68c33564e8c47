package dev.slmmesh.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.testkit.MeshHttp;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MCP sessions (the packaged jar, {@code mcp}) against the real broker, which the first session
 * starts itself ({@code java -jar slm-mesh.jar start}).
 */
class MeshEndToEndIT {
  private static final Duration LONG = Duration.ofSeconds(60);

  private Path data;
  private int port;
  private final List<McpTestClient> sessions = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    data = Files.createTempDirectory(Path.of("/tmp"), "me");
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    for (McpTestClient s : sessions) {
      s.process().destroyForcibly();
      s.close();
    }
    for (long pid : brokerPids()) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private McpTestClient session(String name, Map<String, String> extraEnv) throws Exception {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "SLM_MESH_DATA_DIR", data.toString(),
                "SLM_MESH_PORT", Integer.toString(port),
                "SLM_MESH_CHANNELS", "auto"));
    env.putAll(extraEnv);
    McpTestClient s =
        McpTestClient.spawn(
            Path.of(System.getProperty("slmmesh.jar")), env, data.resolve(name + ".err"));
    sessions.add(s);
    return s;
  }

  /** This session's {@code session} block of mesh_status, once it is registered. */
  private static JsonNode whoAmI(McpTestClient s) throws Exception {
    long deadline = System.nanoTime() + LONG.toNanos();
    JsonNode info = null;
    while (System.nanoTime() < deadline) {
      JsonNode status =
          Json.MAPPER.readTree(McpTestClient.texts(s.callTool("mesh_status", "{}")).get(0));
      info = status.path("session");
      if (info.path("registered").asBoolean()) {
        return info;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("session not registered within " + LONG + ": " + info);
  }

  private static JsonNode peers(McpTestClient s) throws Exception {
    return Json.MAPPER
        .readTree(McpTestClient.texts(s.callTool("mesh_peers", "{\"scope\":\"machine\"}")).get(0))
        .path("peers");
  }

  private static String allText(JsonNode result) {
    return String.join("\n", McpTestClient.texts(result));
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  /** Live broker processes serving this test's data directory. */
  private List<Long> brokerPids() throws IOException {
    String marker = "SLM_MESH_DATA_DIR=" + data;
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(
              p -> {
                String cmd = read(p.resolve("cmdline")).replace('\0', ' ');
                return cmd.contains("slm-mesh.jar")
                    && cmd.trim().endsWith(" start")
                    && List.of(read(p.resolve("environ")).split("\0")).contains(marker);
              })
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .collect(Collectors.toList());
    }
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void aMessageReachesTheChannelAndTheNextResultOnceAndOnlyOnce() throws Exception {
    McpTestClient a = session("a", Map.of());
    a.initialize();
    JsonNode aInfo = whoAmI(a);
    McpTestClient b = session("b", Map.of());
    b.initialize();
    whoAmI(b);

    JsonNode sent =
        b.callTool(
            "mesh_send",
            Json.MAPPER
                .createObjectNode()
                .put("to", aInfo.path("peerId").asText())
                .put("message", "hello A, from B"));
    assertThat(allText(sent)).contains("\"ok\":true");

    JsonNode channel =
        a.await(
            m ->
                "notifications/claude/channel".equals(m.path("method").asText())
                    && m.path("params").path("content").asText().contains("hello A, from B"));
    assertThat(channel.path("params").path("meta").path("from_name").asText()).isNotEmpty();

    String first = allText(a.callTool("mesh_state", "{\"action\":\"list\"}"));
    String second = allText(a.callTool("mesh_state", "{\"action\":\"list\"}"));
    String inbox = allText(a.callTool("mesh_inbox", "{}"));
    assertThat(occurrences(first, "hello A, from B")).isEqualTo(1);
    assertThat(second).doesNotContain("hello A, from B");
    assertThat(inbox).doesNotContain("hello A, from B");

    JsonNode seenByB = peers(b);
    assertThat(seenByB).hasSize(1);
    assertThat(seenByB.get(0).path("id").asText()).isEqualTo(aInfo.path("peerId").asText());
    assertThat(seenByB.get(0).path("deliveryPath").asText()).isEqualTo("piggyback");
    assertThat(seenByB.get(0).path("gitBranch").asText()).isNotEmpty();
  }

  /** The first piggyback block on a mesh_status result, once a pushed message has arrived. */
  private static String awaitPiggyback(McpTestClient s) throws Exception {
    long deadline = System.nanoTime() + LONG.toNanos();
    while (true) {
      List<String> texts = McpTestClient.texts(s.callTool("mesh_status", "{}"));
      if (texts.size() > 1) {
        return texts.get(1);
      }
      assertThat(System.nanoTime()).as("no push within " + LONG).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void aPersonsMessageHasTheInboxShapeOnEveryPathAndCanBeAnswered() throws Exception {
    McpTestClient a = session("a", Map.of("SLM_MESH_CHANNELS", "off"));
    a.initialize();
    String self = whoAmI(a).path("peerId").asText();
    MeshHttp http =
        new MeshHttp(
            Integer.parseInt(Files.readString(data.resolve("port")).trim()),
            Files.readString(data.resolve("broker.token")).trim());
    assertThat(http.call("/send", "fromPeer", "cli", "toPeer", self, "payload", "first").ok())
        .isTrue();
    String block = awaitPiggyback(a);
    JsonNode piggybacked =
        Json.MAPPER.readTree(block.substring(block.indexOf('\n') + 1)).path("messages").get(0);

    assertThat(http.call("/send", "fromPeer", "cli", "toPeer", self, "payload", "second").ok())
        .isTrue();
    JsonNode inboxed =
        Json.MAPPER
            .readTree(McpTestClient.texts(a.callTool("mesh_inbox", "{}")).get(0))
            .path("messages")
            .get(0);

    List<String> piggyKeys = new ArrayList<>();
    piggybacked.fieldNames().forEachRemaining(piggyKeys::add);
    List<String> inboxKeys = new ArrayList<>();
    inboxed.fieldNames().forEachRemaining(inboxKeys::add);
    assertThat(piggyKeys)
        .containsExactly("id", "fromPeer", "fromName", "type", "payload", "createdAt");
    assertThat(inboxKeys).containsAll(piggyKeys);
    assertThat(piggybacked.path("payload").asText()).isEqualTo("first");
    assertThat(inboxed.path("payload").asText()).isEqualTo("second");
    for (JsonNode m : List.of(piggybacked, inboxed)) {
      assertThat(m.path("fromPeer").asText()).isEqualTo("cli");
      assertThat(m.path("fromName").asText()).isEqualTo("cli");
    }

    JsonNode reply =
        a.callTool(
            "mesh_send",
            Json.MAPPER
                .createObjectNode()
                .put("to", "cli")
                .put("message", "on it")
                .put("replyTo", inboxed.path("id").asText()));
    assertThat(allText(reply)).contains("\"ok\":true");
    JsonNode personal = http.call("/messages", "peerId", "cli").json().path("messages");
    assertThat(personal)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.path("fromPeer").asText()).isEqualTo(self);
              assertThat(m.path("payload").asText()).endsWith("on it");
            });
  }

  @Test
  void closingStdinEndsTheProcessAndUnregisters() throws Exception {
    McpTestClient a = session("a", Map.of());
    a.initialize();
    String aId = whoAmI(a).path("peerId").asText();
    Path credential = data.resolve("peers").resolve(aId + ".cred");
    assertThat(Files.readString(credential)).matches("[0-9a-f]{64}");
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(credential)))
        .isEqualTo("rw-------");
    McpTestClient b = session("b", Map.of());
    b.initialize();
    whoAmI(b);
    assertThat(peers(b).findValuesAsText("id")).contains(aId);

    a.closeInput();
    assertThat(a.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(peers(b).findValuesAsText("id")).doesNotContain(aId);
    assertThat(credential).doesNotExist();
  }

  @Test
  void bothSessionsRecoverTheirIdentityAndUnreadMailAfterTheBrokerIsKilled() throws Exception {
    Map<String, String> fast = Map.of("SLM_MESH_HEARTBEAT_MS", "500");
    McpTestClient a = session("a", fast);
    a.initialize();
    JsonNode aBefore = whoAmI(a);
    McpTestClient b = session("b", fast);
    b.initialize();
    JsonNode bBefore = whoAmI(b);
    b.callTool(
        "mesh_send",
        Json.MAPPER
            .createObjectNode()
            .put("to", aBefore.path("peerId").asText())
            .put("message", "unread before the crash"));
    a.await(m -> "notifications/claude/channel".equals(m.path("method").asText()));

    List<Long> before = brokerPids();
    assertThat(before).hasSize(1);
    ProcessHandle broker = ProcessHandle.of(before.get(0)).orElseThrow();
    broker.destroyForcibly();
    broker.onExit().get(10, TimeUnit.SECONDS);

    await()
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              List<Long> now = brokerPids();
              return now.size() == 1 && !now.equals(before);
            });
    await()
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> peers(b).findValuesAsText("id").contains(aBefore.path("peerId").asText()));

    String inbox = allText(a.callTool("mesh_inbox", "{}"));
    assertThat(inbox).contains("unread before the crash");
    JsonNode aAfter = whoAmI(a);
    JsonNode bAfter = whoAmI(b);
    assertThat(aAfter.path("peerId")).isEqualTo(aBefore.path("peerId"));
    assertThat(aAfter.path("name")).isEqualTo(aBefore.path("name"));
    assertThat(bAfter.path("peerId")).isEqualTo(bBefore.path("peerId"));
    assertThat(bAfter.path("name")).isEqualTo(bBefore.path("name"));
    Optional<JsonNode> aSeenByB = find(peers(b), aBefore.path("peerId").asText());
    assertThat(aSeenByB).isPresent();
    assertThat(aSeenByB.get().path("name")).isEqualTo(aBefore.path("name"));
  }

  @Test
  void tenSessionsStartedAtOnceShareOneBroker() throws Exception {
    List<McpTestClient> ten = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ten.add(session("s" + i, Map.of()));
    }
    for (McpTestClient s : ten) {
      s.initialize();
    }
    List<String> ids = new ArrayList<>();
    for (McpTestClient s : ten) {
      ids.add(whoAmI(s).path("peerId").asText());
    }
    assertThat(ids).doesNotHaveDuplicates().hasSize(10);
    assertThat(brokerPids()).hasSize(1);
    JsonNode status =
        Json.MAPPER.readTree(McpTestClient.texts(ten.get(0).callTool("mesh_status", "{}")).get(0));
    assertThat(status.path("peers").path("active").asInt()).isEqualTo(10);
    assertThat(peers(ten.get(0))).hasSize(9);
  }

  private static Optional<JsonNode> find(JsonNode peers, String id) {
    for (JsonNode p : peers) {
      if (p.path("id").asText().equals(id)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
