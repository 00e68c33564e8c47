package dev.slmmesh.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slmmesh.client.FakeBroker;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conformance: the official MCP Java SDK client spawns the packaged jar over stdio, completes the
 * handshake, lists the tools and calls each of them.
 */
class McpConformanceIT {
  private Path data;
  private FakeBroker broker;
  private McpSyncClient client;

  @BeforeEach
  void setUp() throws Exception {
    data = Files.createTempDirectory(Path.of("/tmp"), "mc");
    broker = FakeBroker.start(data);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (client != null) {
      client.closeGracefully();
    }
    broker.close();
  }

  static McpSyncClient sdkClient(Path dataDir, int port) {
    String java = ProcessHandle.current().info().command().orElse("java");
    ServerParameters params =
        ServerParameters.builder(java)
            .args("-jar", System.getProperty("slmmesh.jar"), "mcp")
            .env(
                Map.of(
                    "SLM_MESH_DATA_DIR",
                    dataDir.toString(),
                    "SLM_MESH_PORT",
                    Integer.toString(port)))
            .build();
    StdioClientTransport transport =
        new StdioClientTransport(params, new JacksonMcpJsonMapper(new ObjectMapper()));
    return McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(20))
        .initializationTimeout(Duration.ofSeconds(20))
        .build();
  }

  @Test
  void theOfficialClientCompletesTheHandshakeAndCallsEveryTool() {
    client = sdkClient(data, broker.port());
    McpSchema.InitializeResult init = client.initialize();
    assertThat(init.serverInfo().name()).isEqualTo("slm-mesh");
    assertThat(init.protocolVersion()).isNotBlank();
    assertThat(init.capabilities().tools()).isNotNull();
    assertThat(init.instructions()).contains("mesh_lock");
    client.ping();

    List<McpSchema.Tool> tools = client.listTools().tools();
    assertThat(tools)
        .extracting(McpSchema.Tool::name)
        .containsExactly(
            "mesh_peers",
            "mesh_summary",
            "mesh_send",
            "mesh_inbox",
            "mesh_state",
            "mesh_lock",
            "mesh_events",
            "mesh_status");
    assertThat(tools.get(0).inputSchema().get("required")).isNull(); // scope defaults to machine

    String target = broker.addPeer("other");
    Map<String, Map<String, Object>> calls = new LinkedHashMap<>();
    calls.put("mesh_peers", Map.of());
    calls.put("mesh_summary", Map.of("summary", "conformance"));
    calls.put("mesh_send", Map.of("to", target, "message", "hi", "type", "text"));
    calls.put("mesh_inbox", Map.of("filter", "unread", "limit", 5));
    calls.put("mesh_state", Map.of("action", "set", "key", "k", "value", "v"));
    calls.put("mesh_lock", Map.of("action", "query"));
    calls.put("mesh_events", Map.of("action", "read", "limit", 10));
    calls.put("mesh_status", Map.of());
    for (Map.Entry<String, Map<String, Object>> call : calls.entrySet()) {
      McpSchema.CallToolResult result =
          client.callTool(new McpSchema.CallToolRequest(call.getKey(), call.getValue()));
      String text =
          result.content().stream()
              .map(c -> ((McpSchema.TextContent) c).text())
              .collect(Collectors.joining("\n"));
      assertThat(result.isError()).as(call.getKey() + ": " + text).isNotEqualTo(Boolean.TRUE);
      assertThat(text).as(call.getKey()).doesNotContain("\"ok\":false");
    }
    assertThat(broker.requests("/send")).hasSize(1);

    McpSchema.CallToolResult invalid =
        client.callTool(new McpSchema.CallToolRequest("mesh_peers", Map.of("scope", "galaxy")));
    assertThat(invalid.isError()).isTrue();
  }
}
