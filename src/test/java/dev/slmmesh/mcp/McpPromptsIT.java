package dev.slmmesh.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.client.FakeBroker;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The five slash commands as MCP prompts, read by the official MCP Java SDK client. */
class McpPromptsIT {
  private Path data;
  private FakeBroker broker;
  private McpSyncClient client;

  @BeforeEach
  void setUp() throws Exception {
    data = Files.createTempDirectory(Path.of("/tmp"), "mp");
    broker = FakeBroker.start(data);
    client = McpConformanceIT.sdkClient(data, broker.port());
  }

  @AfterEach
  void tearDown() throws Exception {
    client.closeGracefully();
    broker.close();
  }

  @Test
  void thePromptsAreDeclaredListedAndFilledIn() {
    McpSchema.InitializeResult init = client.initialize();
    assertThat(init.capabilities().prompts()).isNotNull();
    List<McpSchema.Prompt> prompts = client.listPrompts().prompts();
    assertThat(prompts)
        .extracting(McpSchema.Prompt::name)
        .containsExactly("mesh-peers", "mesh-send", "mesh-lock", "mesh-status", "mesh-sync");
    McpSchema.Prompt send = prompts.get(1);
    assertThat(send.arguments())
        .extracting(McpSchema.PromptArgument::name)
        .containsExactly("to", "message");
    assertThat(send.arguments()).allMatch(McpSchema.PromptArgument::required);

    McpSchema.GetPromptResult got =
        client.getPrompt(
            new McpSchema.GetPromptRequest(
                "mesh-send", Map.of("to", "backend-agent", "message", "schema v2 is merged")));
    assertThat(got.messages()).hasSize(1);
    assertThat(got.messages().get(0).role()).isEqualTo(McpSchema.Role.USER);
    String text = ((McpSchema.TextContent) got.messages().get(0).content()).text();
    assertThat(text)
        .contains("mesh_send")
        .contains("to: backend-agent\nmessage: schema v2 is merged")
        .contains("never put secrets");

    String status =
        ((McpSchema.TextContent)
                client
                    .getPrompt(new McpSchema.GetPromptRequest("mesh-status", Map.of()))
                    .messages()
                    .get(0)
                    .content())
            .text();
    assertThat(status).contains("mesh_status").contains("(none given)");
  }

  @Test
  void aMissingRequiredArgumentOrAnUnknownPromptIsAnInvalidParamsError() {
    client.initialize();
    assertThatThrownBy(
            () ->
                client.getPrompt(
                    new McpSchema.GetPromptRequest("mesh-lock", Map.of("reason", "x"))))
        .hasMessageContaining("Missing required argument \"file\" for prompt mesh-lock");
    assertThatThrownBy(
            () -> client.getPrompt(new McpSchema.GetPromptRequest("mesh-nope", Map.of())))
        .hasMessageContaining("Unknown prompt: mesh-nope");
    // the session goes on
    assertThat(client.listPrompts().prompts()).hasSize(5);
  }
}
