package dev.slmmesh.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.client.FakeBroker;
import dev.slmmesh.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The packaged jar's {@code mcp} mode as a process, against a fake broker. */
class McpStdioIT {
  private Path data;
  private FakeBroker broker;
  private McpTestClient client;

  @BeforeEach
  void setUp() throws Exception {
    data = Files.createTempDirectory(Path.of("/tmp"), "mi");
    broker = FakeBroker.start(data);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (client != null) {
      client.process().destroyForcibly();
      client.close();
    }
    broker.close();
  }

  private McpTestClient spawn() throws Exception {
    return spawn("SLM_MESH_CHANNELS", "auto");
  }

  /** The server against the fake broker, with more environment settings (name, value, ...). */
  private McpTestClient spawn(String... more) throws Exception {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("SLM_MESH_DATA_DIR", data.toString());
    env.put("SLM_MESH_PORT", Integer.toString(broker.port()));
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    client =
        McpTestClient.spawn(
            Path.of(System.getProperty("slmmesh.jar")), env, data.resolve("mcp.err"));
    return client;
  }

  @Test
  void speaksOnlyProtocolOnStdoutAndSurvivesAMalformedLine() throws Exception {
    spawn().initialize();
    client.sendLine("this is not json");
    JsonNode tools = client.request("tools/list", Json.MAPPER.createObjectNode());
    assertThat(tools.path("result").path("tools").size()).isEqualTo(8);
    JsonNode status = client.callTool("mesh_status", "{}");
    assertThat(McpTestClient.texts(status).get(0)).contains("\"registered\":true");
    assertThat(client.received()).anyMatch(m -> m.path("error").path("code").asInt() == -32700);
    client.closeInput();
    assertThat(client.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
    for (String line : client.rawLines()) {
      assertThat(Json.MAPPER.readTree(line).path("jsonrpc").asText()).isEqualTo("2.0");
    }
    assertThat(Files.readString(data.resolve("mcp.err"))).isEmpty();
    assertThat(Files.readString(data.resolve("mcp.log"))).contains("Registered as", "stdin closed");
  }

  /**
   * Clients file whatever a server writes on stderr under errors: a normal session writes nothing.
   */
  @Test
  void aNormalSessionWritesNothingOnStderrUnlessAskedTo() throws Exception {
    spawn().initialize();
    client.callTool("mesh_status", "{}");
    client.closeInput();
    assertThat(client.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(data.resolve("mcp.err"))).isEmpty();
    assertThat(Files.readString(data.resolve("mcp.log"))).contains("Registered as", "Unregistered");

    client =
        McpTestClient.spawn(
            Path.of(System.getProperty("slmmesh.jar")),
            Map.of(
                "SLM_MESH_DATA_DIR",
                data.toString(),
                "SLM_MESH_PORT",
                Integer.toString(broker.port()),
                "SLM_MESH_MCP_LOG",
                "stderr"),
            data.resolve("mcp2.err"));
    client.initialize();
    client.callTool("mesh_status", "{}");
    client.closeInput();
    assertThat(client.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(data.resolve("mcp2.err"))).contains("Registered as");
  }

  /**
   * Registering, heartbeats and the last unregister write and read their records by hand: binding
   * records (introspecting them, building their (de)serializers) cost a session about 240 classes
   * and a third of its CPU time after the handshake (docs/performance.md, "Second round").
   */
  @Test
  void theSessionsStartPathBindsNoRecords() throws Exception {
    Path classes = data.resolve("classes.log");
    spawn(
        "SLM_MESH_HEARTBEAT_MS",
        "200",
        "JAVA_TOOL_OPTIONS",
        "-Xlog:class+load=info:file=" + classes);
    client.initialize();
    await().atMost(Duration.ofSeconds(20)).until(() -> broker.requests("/heartbeat").size() >= 2);
    client.closeInput();
    assertThat(client.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(broker.requests("/register")).hasSize(1);
    assertThat(broker.requests("/unregister")).hasSize(1);

    assertThat(Files.readString(classes))
        .contains("dev.slmmesh.wire.WireObject ", "dev.slmmesh.wire.WireBody ")
        .doesNotContain(
            "com.fasterxml.jackson.databind.introspect.POJOPropertiesCollector ",
            "com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder ",
            "com.fasterxml.jackson.databind.ser.BeanSerializerBuilder ");
  }

  @Test
  void closingStdinUnregistersAndEndsTheProcess() throws Exception {
    spawn().initialize();
    client.callTool("mesh_status", "{}");
    client.closeInput();
    assertThat(client.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(client.process().exitValue()).isZero();
    assertThat(broker.requests("/unregister")).hasSize(1);
    assertThat(broker.peers()).isEmpty();
  }

  @Test
  void sigtermUnregistersAndEndsTheProcess() throws Exception {
    spawn().initialize();
    client.callTool("mesh_status", "{}");
    client.process().destroy();
    assertThat(client.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(broker.requests("/unregister")).hasSize(1);
  }

  @Test
  void sigintUnregistersAndEndsTheProcess() throws Exception {
    // a JVM whose SIGINT was ignored at exec (e.g. a background job) installs no handler for it
    assumeFalse(sigintIgnored(), "SIGINT is ignored in this process tree");
    spawn().initialize();
    client.callTool("mesh_status", "{}");
    Process kill =
        new ProcessBuilder("kill", "-INT", Long.toString(client.process().pid()))
            .inheritIO()
            .start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(client.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(broker.requests("/unregister")).hasSize(1);
  }

  private static boolean sigintIgnored() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0x2) != 0;
      }
    }
    return false;
  }

  @Test
  void deliversAPushToTheChannelAndTheNextResultOnce() throws Exception {
    spawn().initialize();
    String self =
        Json.MAPPER
            .readTree(McpTestClient.texts(client.callTool("mesh_status", "{}")).get(0))
            .path("session")
            .path("peerId")
            .asText();
    String messageId = broker.deliver(broker.addPeer("b"), "b", self, "hello from b");
    JsonNode channel =
        client.await(m -> "notifications/claude/channel".equals(m.path("method").asText()));
    assertThat(channel.path("params").path("meta").path("message_id").asText())
        .isEqualTo(messageId);
    await().atMost(Duration.ofSeconds(10)).until(() -> broker.acks().size() == 1);
    String next = String.join("\n", McpTestClient.texts(client.callTool("mesh_status", "{}")));
    String after = String.join("\n", McpTestClient.texts(client.callTool("mesh_status", "{}")));
    assertThat(next).contains("hello from b");
    assertThat(after).doesNotContain("hello from b");
    assertThat(broker.isRead(messageId)).isTrue();
  }
}
