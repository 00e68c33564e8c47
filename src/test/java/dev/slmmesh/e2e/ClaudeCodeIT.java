package dev.slmmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slmmesh.e2e.FakeModel.Turn;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Claude Code, installed from npm, run headless ({@code claude -p}, two prompts over {@code
 * --input-format stream-json}) against {@link FakeAnthropic}, with what {@code slm-mesh setup
 * claude-code} wrote. Permissions: {@code --allowedTools mcp__slm-mesh,Write} allows the server's
 * tools and file writes (so only the lock hook can refuse the edit), which works as root too (the
 * permission-skip flag does not).
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("e2e-claude-code") // one run of this client at a time
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
        // MCP tools in the request itself (not deferred behind ToolSearch), connected before the
        // first turn
        .env("ENABLE_TOOL_SEARCH", "false")
        .env("MCP_CONNECTION_NONBLOCKING", "0")
        // its 5 s connect timeout is short for a JVM starting on a machine running the whole suite
        .env("MCP_CONNECT_TIMEOUT_MS", "60000")
        .env("MCP_TIMEOUT", "60000");
  }

  @Override
  String[] mcpList() {
    return new String[] {"claude", "mcp", "list"};
  }

  @Override
  java.util.Optional<Turn> editOfALockedFile() {
    return java.util.Optional.of(
        Turn.call(
            "Write",
            "{\"file_path\":"
                + quote(box.work.resolve("src").resolve("b.txt").toString())
                + ",\"content\":\"EDITED\"}"));
  }

  /**
   * Claude Code 2.1.332 puts a blocking Stop hook's reason into the context twice, as "Stop hook
   * feedback" in a reminder and as a "Stop hook blocking error" entry, though the hook answered
   * once ({"decision":"block"}): pinned here so that a change on either side shows.
   */
  @Override
  int endOfTurnRenderings() {
    return 2;
  }

  @Test
  void aClaudeCodeSessionIsOnTheMesh() throws Exception {
    checkConfigurationAccepted();
    AtomicReference<String> piggy = new AtomicReference<>();
    AtomicReference<String> hooked = new AtomicReference<>();
    String wake = "WAKE-" + nonce();
    model.script(firstPrompt(piggy));
    model.script(Turn.say("woken: read the reviewer's message"));
    model.script(Turn.call("mesh_status", "{}"), Turn.say("second prompt done"));
    Sandbox.Started claude =
        box.start(
            box.work,
            true,
            "claude",
            "-p",
            "--input-format",
            "stream-json",
            "--output-format",
            "stream-json",
            "--verbose",
            "--allowedTools",
            "mcp__slm-mesh,Write");
    claude.write(userMessage("Check the mesh, tell the reviewer, lock src/a.txt."));
    await()
        .atMost(Sandbox.CLIENT_RUN)
        .until(() -> results(claude) >= 1 || !claude.process().isAlive());
    assertThat(session.get()).as("the model's first turn never came\n" + report()).isNotNull();
    // idle now: a message wakes the session (the waiter hook), with no prompt from the user
    int loopBeforeWake = model.loop().size();
    box.sendFromReviewer(session.get().path("id").asText(), wake + " are you there?");
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> model.lastContext().contains(wake) || !claude.process().isAlive());
    assertThat(model.loop().size()).as("a woken turn\n" + report()).isGreaterThan(loopBeforeWake);
    await()
        .atMost(Sandbox.CLIENT_RUN)
        .until(() -> results(claude) >= 2 || !claude.process().isAlive());
    hooked.set("HOOK-" + nonce());
    box.sendFromReviewer(
        session.get().path("id").asText(), hooked.get() + " please rebase before you push");
    claude.write(userMessage("Anything new?"));
    await()
        .atMost(Sandbox.CLIENT_RUN)
        .until(() -> results(claude) >= 3 || !claude.process().isAlive());
    Sandbox.Run run = claude.finish(Duration.ofMinutes(1));
    assertThat(run.exit()).as(report(run)).isZero();

    checkToolsOffered();
    assertThat(session.get().path("agentType").asText()).isEqualTo("claude-code");
    checkToolCallsReachedTheMesh(session.get());
    assertThat(count(model.lastContext(), piggy.get()))
        .as("tool-result piggyback\n" + report(run))
        .isEqualTo(1);
    // the UserPromptSubmit hook shows the message; "exactly once" waits for the loop work (issue
    // 20, fix 1)
    assertThat(count(model.lastContext(), hooked.get()))
        .as("prompt hook\n" + report(run))
        .isEqualTo(1);
    checkEditRefused();
    checkEndOfTurnHook();
    assertThat(count(model.lastContext(), wake)).as("wake\n" + report(run)).isEqualTo(1);
    checkUnregistered();
  }

  private static String userMessage(String text) {
    return "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":" + quote(text) + "}}";
  }

  private static int results(Sandbox.Started p) throws java.io.IOException {
    return count(p.stdout(), "\"type\":\"result\"");
  }
}
