package dev.slmmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Codex, installed from npm, run headless ({@code codex exec}) against {@link FakeOpenAi} through a
 * model provider in {@code config.toml} ({@code base_url}, {@code wire_api = "responses"}, the
 * key's variable in {@code env_key}), with what {@code slm-mesh setup codex} added to the same
 * file. https://developers.openai.com/codex/config-advanced#custom-model-providers
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("e2e-codex") // one run of this client at a time
class CodexIT extends ClientSuite {
  @Override
  AgentCli cli() {
    return AgentCli.CODEX;
  }

  @Override
  FakeModel model() throws IOException {
    return new FakeOpenAi();
  }

  @Override
  void configure(Sandbox box, FakeModel model) throws IOException {
    Path dir = Files.createDirectories(box.home.resolve(".codex"));
    Files.writeString(
        dir.resolve("config.toml"),
        String.join(
            "\n",
            "model = \"gpt-fake\"",
            "model_provider = \"fake\"",
            "check_for_update_on_startup = false",
            "",
            "[model_providers.fake]",
            "name = \"fake\"",
            "base_url = \"" + model.baseUrl() + "/v1\"",
            "env_key = \"FAKE_OPENAI_KEY\"",
            "wire_api = \"responses\"",
            ""));
    box.env("FAKE_OPENAI_KEY", "sk-e2e-dummy");
  }

  @Override
  String[] mcpList() {
    return new String[] {"codex", "mcp", "list"};
  }

  @Test
  void aCodexSessionIsOnTheMesh() throws Exception {
    Sandbox.Run list = box.run(box.work, Duration.ofMinutes(2), mcpList());
    assertThat(list.stdout()).as("%s", list).contains("slm-mesh").containsPattern("(?i)enabled");
    AtomicReference<String> piggy = new AtomicReference<>();
    model.script(firstPrompt(piggy));
    // Codex runs a hook only once the user has trusted it (/hooks); a headless run takes the
    // documented flag for automation instead. A loaded machine may start the server in over
    // Codex's default 10 s.
    Sandbox.Run run =
        box.run(
            box.work,
            Sandbox.CLIENT_RUN,
            "codex",
            "exec",
            "--skip-git-repo-check",
            "--dangerously-bypass-hook-trust",
            "-c",
            "mcp_servers.slm-mesh.startup_timeout_sec=60",
            "-c",
            "mcp_servers.slm-mesh.required=true",
            "Check the mesh, tell the reviewer, lock src/a.txt.");
    assertThat(run.exit()).as(report(run)).isZero();
    checkToolsOffered();
    assertThat(session.get().path("agentType").asText()).isEqualTo("codex");
    checkToolCallsReachedTheMesh(session.get());
    assertThat(count(model.lastContext(), piggy.get()))
        .as("tool-result piggyback\n" + report(run))
        .isEqualTo(1);
    checkEndOfTurnHook();
    checkUnregistered();
  }
}
