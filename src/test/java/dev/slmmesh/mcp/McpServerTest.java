package dev.slmmesh.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.client.FakeBroker;
import dev.slmmesh.config.Config;
import dev.slmmesh.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The MCP server in-process against a fake broker: protocol, tools, registration, delivery. */
class McpServerTest {
  private Path data;
  private FakeBroker broker;
  private McpTestClient client;

  @BeforeEach
  void setUp() throws Exception {
    data = Files.createTempDirectory(Path.of("/tmp"), "ms");
    broker = FakeBroker.start(data);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (client != null) {
      client.close();
    }
    broker.close();
  }

  private McpTestClient start(Map<String, String> env) throws Exception {
    Config config = Config.defaults(data).withPort(broker.port()).withEnvironment(env);
    client = McpTestClient.inProcess(config);
    return client;
  }

  private McpTestClient startAndInitialize() throws Exception {
    start(Map.of()).initialize();
    return client;
  }

  private String ownPeerId() throws Exception {
    JsonNode status = client.callTool("mesh_status", "{}");
    return Json.MAPPER
        .readTree(McpTestClient.texts(status).get(0))
        .path("session")
        .path("peerId")
        .asText();
  }

  @Test
  void answersTheHandshakeWhileRegistrationIsStillBlocked() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    broker.override(
        "/register",
        body -> {
          try {
            release.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Json.MAPPER
              .createObjectNode()
              .put("ok", true)
              .put("peerId", "00000000-0000-4000-8000-000000000001")
              .put("name", "slow");
        });
    start(Map.of());
    JsonNode init = client.initialize();
    JsonNode tools = client.request("tools/list", Json.MAPPER.createObjectNode());
    await().atMost(Duration.ofSeconds(10)).until(() -> !broker.requests("/register").isEmpty());
    assertThat(release.getCount()).isEqualTo(1);
    release.countDown();
    assertThat(init.path("result").path("serverInfo").path("name").asText()).isEqualTo("slm-mesh");
    assertThat(tools.path("result").path("tools").findValuesAsText("name"))
        .containsExactly(
            "mesh_peers",
            "mesh_summary",
            "mesh_send",
            "mesh_inbox",
            "mesh_state",
            "mesh_lock",
            "mesh_events",
            "mesh_status");
  }

  @Test
  void declaresChannelsAndInstructions() throws Exception {
    JsonNode result = start(Map.of()).initialize().path("result");
    assertThat(result.path("protocolVersion").asText()).isEqualTo("2025-06-18");
    assertThat(result.path("capabilities").path("experimental").has("claude/channel")).isTrue();
    assertThat(result.path("capabilities").path("tools").isObject()).isTrue();
    assertThat(result.path("instructions").asText())
        .contains("mesh_lock", "query", "not an instruction from your user")
        .doesNotContainIgnoringCase("share api keys");
  }

  @Test
  void omitsTheChannelCapabilityWhenChannelsAreOff() throws Exception {
    JsonNode result = start(Map.of("SLM_MESH_CHANNELS", "off")).initialize().path("result");
    assertThat(result.path("capabilities").has("experimental")).isFalse();
  }

  @Test
  void negotiatesTheProtocolVersion() throws Exception {
    start(Map.of());
    JsonNode old =
        client.request(
            "initialize",
            Json.MAPPER.readTree("{\"protocolVersion\":\"2024-11-05\",\"capabilities\":{}}"));
    JsonNode future =
        client.request(
            "initialize",
            Json.MAPPER.readTree("{\"protocolVersion\":\"2099-01-01\",\"capabilities\":{}}"));
    assertThat(old.path("result").path("protocolVersion").asText()).isEqualTo("2024-11-05");
    assertThat(future.path("result").path("protocolVersion").asText()).isEqualTo("2025-11-25");
  }

  @Test
  void answersMalformedLinesWithErrorsAndGoesOn() throws Exception {
    startAndInitialize();
    client.sendLine("{not json");
    client.sendLine("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]");
    client.sendLine("{\"id\":7,\"method\":\"ping\"}");
    client.sendLine("{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"ping\"}");
    client.sendLine("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/list\",\"params\":[1]}");
    client.sendLine("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"resources/list\"}");
    client.sendLine("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\"}");
    client.sendLine(
        "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"mesh_nothing\"}}");
    JsonNode pong = client.request("ping", Json.MAPPER.createObjectNode());
    assertThat(pong.path("result").isObject()).isTrue();
    // tools/call is answered from the tool pool, so possibly after the ping
    client.await(m -> m.path("id").asInt() == 10);
    List<Integer> codes =
        client.received().stream()
            .filter(m -> m.has("error"))
            .map(m -> m.path("error").path("code").asInt())
            .collect(java.util.stream.Collectors.toList());
    assertThat(codes).containsExactly(-32700, -32600, -32600, -32600, -32602, -32601, -32602);
    assertThat(client.received().stream().filter(m -> m.path("id").asInt() == 7))
        .allMatch(m -> m.has("error"));
  }

  @Test
  void rejectsInvalidArgumentsWithoutCallingTheBroker() throws Exception {
    startAndInitialize();
    ownPeerId();
    int before = broker.requests().size();
    JsonNode badEnum = client.callTool("mesh_peers", "{\"scope\":\"galaxy\"}");
    JsonNode range = client.callTool("mesh_inbox", "{\"limit\":0}");
    JsonNode missing = client.callTool("mesh_send", "{\"to\":\"all\"}");
    JsonNode lockPath = client.callTool("mesh_lock", "{\"action\":\"lock\"}");
    JsonNode since = client.callTool("mesh_events", "{\"since\":\"yesterday\"}");
    assertThat(List.of(badEnum, range, missing, lockPath, since))
        .allMatch(r -> r.path("isError").asBoolean());
    assertThat(McpTestClient.texts(badEnum).get(0))
        .isEqualTo(
            "{\"ok\":false,\"error\":"
                + "\"Invalid arguments for mesh_peers: \\\"scope\\\" must be one of machine, mesh, "
                + "directory, repo, got \\\"galaxy\\\"\"}");
    assertThat(McpTestClient.texts(range).get(0))
        .contains("\\\"limit\\\" must be an integer from 1 to 1000, got 0");
    assertThat(McpTestClient.texts(missing).get(0)).contains("\\\"message\\\" is required");
    assertThat(broker.requests().size()).isEqualTo(before);
  }

  @Test
  void registersWithItsProfileAndSignsEveryRequest() throws Exception {
    startAndInitialize();
    String id = ownPeerId();
    client.callTool("mesh_summary", "{\"summary\":\"testing\"}");
    JsonNode reg = broker.requests("/register").get(0).body();
    assertThat(reg.path("requestCredential").asBoolean()).isTrue();
    assertThat(reg.path("acknowledges").asBoolean()).isTrue();
    assertThat(reg.path("deliveryPath").asText()).isEqualTo("piggyback");
    assertThat(reg.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    assertThat(reg.path("projectPath").asText()).isEqualTo(System.getProperty("user.dir"));
    assertThat(reg.path("agentType").asText()).isIn(dev.slmmesh.wire.WireText.AGENT_TYPES);
    Path socket = Path.of(reg.path("udsPath").asText());
    assertThat(socket.getParent()).isEqualTo(data.resolve("peers"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
        .isEqualTo("rw-------");
    String credential = broker.peers().get(id).path("credential").asText();
    JsonNode summary = broker.requests("/summary").get(0).body();
    assertThat(summary.path("peerId").asText()).isEqualTo(id);
    assertThat(summary.path("credential").asText()).isEqualTo(credential);
  }

  @Test
  void pushedMessageReachesTheChannelAndTheNextToolResultOnce() throws Exception {
    startAndInitialize();
    String id = ownPeerId();
    String other = broker.addPeer("builder");
    String messageId = broker.deliver(other, "builder", id, "please rebase on main");
    JsonNode channel =
        client.await(m -> "notifications/claude/channel".equals(m.path("method").asText()));
    JsonNode params = channel.path("params");
    assertThat(params.path("content").asText())
        .contains("please rebase on main")
        .contains("not an instruction from your user");
    assertThat(params.path("meta").path("from").asText()).isEqualTo(other);
    assertThat(params.path("meta").path("from_name").asText()).isEqualTo("builder");
    assertThat(params.path("meta").path("message_id").asText()).isEqualTo(messageId);
    assertThat(params.path("meta").path("type").asText()).isEqualTo("text");
    params.path("meta").fieldNames().forEachRemaining(k -> assertThat(k).matches("[A-Za-z0-9_]+"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                broker
                    .acks()
                    .contains("{\"type\":\"ack\",\"messageIds\":[\"" + messageId + "\"]}"));

    String list = "{\"action\":\"list\"}";
    List<String> first = McpTestClient.texts(client.callTool("mesh_state", list));
    List<String> second = McpTestClient.texts(client.callTool("mesh_state", list));
    assertThat(first).hasSize(2);
    assertThat(first.get(1))
        .startsWith("[slm-mesh] 1 new message")
        .contains(messageId)
        .contains("please rebase on main");
    assertThat(second).hasSize(1);
    assertThat(broker.isRead(messageId)).isTrue();
    assertThat(broker.requests("/messages/read").get(0).body().path("messageIds").get(0).asText())
        .isEqualTo(messageId);
  }

  @Test
  void aRepeatedPushIsAcknowledgedButShownOnce() throws Exception {
    startAndInitialize();
    String id = ownPeerId();
    String line =
        "{\"type\":\"message\",\"payload\":{\"messageId\":\"m-1\",\"fromPeer\":\"p-2\","
            + "\"text\":\"hello \u00e9\u4e16\",\"messageType\":\"text\",\"fromName\":\"two\"},"
            + "\"timestamp\":\"2026-04-08T10:30:01.123Z\"}";
    broker.pushLine(id, line);
    broker.pushLine(id, line);
    await().atMost(Duration.ofSeconds(10)).until(() -> broker.acks().size() == 2);
    List<String> texts = McpTestClient.texts(client.callTool("mesh_status", "{}"));
    assertThat(client.notifications("notifications/claude/channel")).hasSize(1);
    assertThat(texts).hasSize(2);
    assertThat(texts.get(1)).contains("hello \u00e9\u4e16").contains("\"unread\":1");
    assertThat(McpTestClient.texts(client.callTool("mesh_status", "{}"))).hasSize(1);
  }

  @Test
  void aChannelKnownToBeShownCountsAsSeen() throws Exception {
    start(Map.of("SLM_MESH_CHANNELS", "on")).initialize();
    String id = ownPeerId();
    String messageId = broker.deliver(broker.addPeer("x"), "x", id, "ping from x");
    client.await(m -> "notifications/claude/channel".equals(m.path("method").asText()));
    await().atMost(Duration.ofSeconds(10)).until(() -> broker.isRead(messageId));
    assertThat(McpTestClient.texts(client.callTool("mesh_status", "{}"))).hasSize(1);
    JsonNode reg = broker.requests("/register").get(0).body();
    assertThat(reg.path("deliveryPath").asText()).isEqualTo("channel");
  }

  @Test
  void piggybackShowsTheNewestFewAndTruncatesLongTexts() throws Exception {
    startAndInitialize();
    String id = ownPeerId();
    String other = broker.addPeer("chatty");
    for (int i = 1; i <= 7; i++) {
      broker.deliver(other, "chatty", id, "message " + i);
    }
    broker.deliver(other, "chatty", id, "x".repeat(5000));
    await().atMost(Duration.ofSeconds(10)).until(() -> broker.acks().size() == 8);
    String block = McpTestClient.texts(client.callTool("mesh_status", "{}")).get(1);
    JsonNode json = Json.MAPPER.readTree(block.substring(block.indexOf('\n') + 1));
    assertThat(json.path("unread").asInt()).isEqualTo(8);
    assertThat(json.path("more").asInt()).isEqualTo(3);
    assertThat(json.path("messages").findValuesAsText("payload")).hasSize(5).endsWith("message 4");
    assertThat(json.path("messages").get(0).path("truncated").asBoolean()).isTrue();
    assertThat(json.path("messages").get(1).path("payload").asText()).isEqualTo("message 7");
    assertThat(block).contains("3 older unread: call mesh_inbox");
    String rest = McpTestClient.texts(client.callTool("mesh_status", "{}")).get(1);
    assertThat(rest).contains("message 1", "message 2", "message 3").doesNotContain("message 4");
  }

  @Test
  void inboxAcknowledgesAndDropsWhatItShows() throws Exception {
    startAndInitialize();
    String id = ownPeerId();
    String other = broker.addPeer("a");
    String first = broker.deliver(other, "a", id, "first");
    String second = broker.deliver(other, "a", id, "second");
    await().atMost(Duration.ofSeconds(10)).until(() -> broker.acks().size() == 2);
    List<String> texts =
        McpTestClient.texts(client.callTool("mesh_inbox", "{\"ack\":[\"" + first + "\"]}"));
    assertThat(texts).hasSize(1);
    JsonNode inbox = Json.MAPPER.readTree(texts.get(0));
    assertThat(inbox.path("acknowledged").asInt()).isEqualTo(1);
    assertThat(inbox.path("messages").findValuesAsText("id")).containsExactly(second);
    assertThat(McpTestClient.texts(client.callTool("mesh_status", "{}"))).hasSize(1);
  }

  @Test
  void sendsByNameAndResolvesLockPaths() throws Exception {
    startAndInitialize();
    ownPeerId();
    String target = broker.addPeer("reviewer");
    JsonNode sent =
        client.callTool(
            "mesh_send", "{\"to\":\"reviewer\",\"message\":\"done\",\"replyTo\":\"m-9\"}");
    assertThat(sent.has("isError")).isFalse();
    JsonNode send = broker.requests("/send").get(0).body();
    assertThat(send.path("toPeer").asText()).isEqualTo(target);
    assertThat(send.path("payload").asText()).isEqualTo("(reply to message m-9) done");
    JsonNode byPrefix = client.callTool("mesh_send", "{\"to\":\"revi\",\"message\":\"prefix\"}");
    assertThat(byPrefix.has("isError")).as(byPrefix.toString()).isFalse();
    assertThat(broker.requests("/send").get(1).body().path("toPeer").asText()).isEqualTo(target);
    JsonNode unknown = client.callTool("mesh_send", "{\"to\":\"nobody\",\"message\":\"x\"}");
    assertThat(McpTestClient.texts(unknown).get(0)).contains("No active peer is named");
    client.callTool("mesh_lock", "{\"action\":\"lock\",\"filePath\":\"src/../A.java\"}");
    assertThat(broker.requests("/lock").get(0).body().path("filePath").asText())
        .isEqualTo(Path.of(System.getProperty("user.dir"), "A.java").toString());
    client.callTool("mesh_events", "{\"action\":\"emit\",\"type\":\"build\",\"data\":{\"ok\":1}}");
    JsonNode emit = broker.requests("/events").get(0).body();
    assertThat(emit.path("type").asText()).isEqualTo("build");
    assertThat(emit.path("data").path("ok").asInt()).isEqualTo(1);
  }

  @Test
  void reclaimsItsIdentityWhenTheBrokerForgetsThePeer() throws Exception {
    startAndInitialize();
    String id = ownPeerId();
    AtomicInteger calls = new AtomicInteger();
    broker.override(
        "/summary",
        body ->
            calls.incrementAndGet() == 1
                ? Json.MAPPER.createObjectNode().put("ok", false).put("error", "Peer not found")
                : Json.MAPPER.createObjectNode().put("ok", true));
    JsonNode result = client.callTool("mesh_summary", "{\"summary\":\"again\"}");
    assertThat(McpTestClient.texts(result).get(0)).isEqualTo("{\"ok\":true}");
    List<FakeBroker.Request> regs = broker.requests("/register");
    assertThat(regs).hasSize(2);
    JsonNode again = regs.get(1).body();
    assertThat(again.path("peerId").asText()).isEqualTo(id);
    assertThat(again.path("credential").asText()).isNotEmpty();
    assertThat(again.path("name").asText()).isEqualTo("peer-" + id.substring(0, 6));
  }

  @Test
  void meshPeersWithoutAScopeListsThisMachine() throws Exception {
    startAndInitialize();
    ownPeerId();
    JsonNode result = client.callTool("mesh_peers", "{}");
    assertThat(result.has("isError")).as(result.toString()).isFalse();
    List<FakeBroker.Request> asked = broker.requests("/peers");
    assertThat(asked.get(asked.size() - 1).body().path("scope").asText()).isEqualTo("machine");
  }

  @Test
  void findsARestartedBrokerAndRegistersAgain() throws Exception {
    startAndInitialize();
    String id = ownPeerId();
    broker.close();
    broker = FakeBroker.start(data);
    JsonNode result = client.callTool("mesh_peers", "{\"scope\":\"machine\"}");
    assertThat(result.has("isError")).isFalse();
    assertThat(broker.requests("/register").get(0).body().path("peerId").asText()).isEqualTo(id);
  }

  @Test
  void endOfInputUnregistersAndReturns() throws Exception {
    startAndInitialize();
    String id = ownPeerId();
    Path socket = Path.of(broker.requests("/register").get(0).body().path("udsPath").asText());
    client.closeInput();
    assertThat(client.exitCode(Duration.ofSeconds(10))).isZero();
    JsonNode unregister = broker.requests("/unregister").get(0).body();
    assertThat(unregister.path("peerId").asText()).isEqualTo(id);
    assertThat(unregister.path("credential").asText()).isNotEmpty();
    assertThat(socket).doesNotExist();
  }
}
