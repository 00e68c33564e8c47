package dev.slmmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slmmesh.e2e.FakeModel.Turn;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Claude Code, installed from npm, run headless ({@code claude -p}, two prompts over
 * {@code --input-format stream-json}) against {@link FakeAnthropic}, with what
 * {@code slm-mesh setup claude-code} wrote. Permissions: {@code --allowedTools mcp__slm-mesh}
 * allows the server's tools, which works as root too (the permission-skip flag does not).
 */
@Execution(ExecutionMode.CONCURRENT)
class ClaudeCodeIT extends ClientSuite {
  @Override
  AgentCli cli() {
    return AgentCli.CLAUDE_CODE;
  }

  @Override
  FakeModel model() throws java.io.IOException {
    return new FakeAnthropic();
  }

  @Override
  void configure(Sandbox box, FakeModel model) {
    box.env("ANTHROPIC_BASE_URL", model.baseUrl())
        .env("ANTHROPIC_API_KEY", "sk-ant-e2e-dummy")
        .env("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1")
        .env("DISABLE_AUTOUPDATER", "1")
        // MCP tools in the request itself (not deferred behind ToolSearch), connected before the first turn
        .env("ENABLE_TOOL_SEARCH", "false")
        .env("MCP_CONNECTION_NONBLOCKING", "0");
  }

  @Override
  String[] mcpList() {
    return new String[] {"claude", "mcp", "list"};
  }

  @Test
  void aClaudeCodeSessionIsOnTheMesh() throws Exception {
    checkConfigurationAccepted();
    AtomicReference<String> piggy = new AtomicReference<>();
    AtomicReference<String> hooked = new AtomicReference<>();
    model.script(firstPrompt(piggy));
    model.script(Turn.call("mesh_status", "{}"), Turn.say("second prompt done"));
    Sandbox.Started claude = box.start(box.work, true, "claude", "-p", "--input-format", "stream-json",
        "--output-format", "stream-json", "--verbose", "--allowedTools", "mcp__slm-mesh");
    claude.write(userMessage("Check the mesh, tell the reviewer, lock src/a.txt."));
    await().atMost(Sandbox.CLIENT_RUN).until(() -> results(claude) >= 1 || !claude.process().isAlive());
    hooked.set("HOOK-" + nonce());
    box.sendFromReviewer(session.get().path("id").asText(), hooked.get() + " please rebase before you push");
    claude.write(userMessage("Anything new?"));
    await().atMost(Sandbox.CLIENT_RUN).until(() -> results(claude) >= 2 || !claude.process().isAlive());
    Sandbox.Run run = claude.finish(Duration.ofMinutes(1));
    assertThat(run.exit()).as(report(run)).isZero();

    checkToolsOffered();
    assertThat(session.get().path("agentType").asText()).isEqualTo("claude-code");
    checkToolCallsReachedTheMesh(session.get());
    assertThat(count(model.lastContext(), piggy.get())).as("tool-result piggyback\n" + report(run)).isEqualTo(1);
    // the UserPromptSubmit hook shows the message; "exactly once" waits for the loop work (issue 20, fix 1)
    assertThat(count(model.lastContext(), hooked.get())).as("prompt hook\n" + report(run)).isPositive();
    checkUnregistered();
  }

  private static String userMessage(String text) {
    return "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":" + quote(text) + "}}";
  }

  private static int results(Sandbox.Started p) throws java.io.IOException {
    return count(p.stdout(), "\"type\":\"result\"");
  }
}
