package dev.slmmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.e2e.FakeModel.Turn;
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
 * Gemini CLI, installed from npm, run headless ({@code gemini -p}) against {@link FakeGemini}
 * ({@code GOOGLE_GEMINI_BASE_URL}, {@code GEMINI_API_KEY}, API-key auth chosen in settings), with
 * what {@code slm-mesh setup gemini-cli} wrote. The project folder is trusted the way a user trusts
 * it, in {@code ~/.gemini/trustedFolders.json}: Gemini CLI disables the MCP servers of an untrusted
 * folder. A fixed model ({@code -m}) skips its routing request.
 * https://geminicli.com/docs/cli/trusted-folders
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("e2e-gemini-cli") // one run of this client at a time
class GeminiCliIT extends ClientSuite {
  @Override
  AgentCli cli() {
    return AgentCli.GEMINI_CLI;
  }

  @Override
  FakeModel model() throws IOException {
    return new FakeGemini();
  }

  @Override
  void configure(Sandbox box, FakeModel model) throws IOException {
    Path dir = Files.createDirectories(box.home.resolve(".gemini"));
    Files.writeString(
        dir.resolve("settings.json"),
        "{\"security\":{\"auth\":{\"selectedType\":\"gemini-api-key\"}},\"telemetry\":{\"enabled\":false},"
            + "\"privacy\":{\"usageStatisticsEnabled\":false},\"general\":{\"disableAutoUpdate\":true}}\n");
    Files.writeString(
        dir.resolve("trustedFolders.json"),
        "{" + quote(box.work.toString()) + ":\"TRUST_FOLDER\"}\n");
    box.env("GOOGLE_GEMINI_BASE_URL", model.baseUrl()).env("GEMINI_API_KEY", "e2e-dummy-key");
  }

  @Override
  String[] mcpList() {
    return new String[] {"gemini", "mcp", "list"};
  }

  /**
   * Gemini CLI disables the server in an untrusted folder, and doctor says so from the same files.
   */
  @Override
  java.util.Optional<Turn> editOfALockedFile() {
    return java.util.Optional.of(
        Turn.call(
            "write_file",
            "{\"file_path\":"
                + quote(box.work.resolve("src").resolve("b.txt").toString())
                + ",\"content\":\"EDITED\"}"));
  }

  @Test
  void anUntrustedFolderDisablesTheServerAndDoctorSaysSo() throws Exception {
    Path untrusted = Files.createDirectories(box.root.resolve("untrusted"));
    Sandbox.Run list = box.run(untrusted, Duration.ofMinutes(2), mcpList());
    assertThat(list.stdout() + list.stderr())
        .as("%s", list)
        .containsPattern("(?i)slm-mesh.*disabled");
    assertThat(doctor(untrusted))
        .contains("\"name\":\"gemini-cli folder trust\",\"status\":\"warn\"");
    assertThat(doctor(box.work)).contains("\"name\":\"gemini-cli folder trust\",\"status\":\"ok\"");
  }

  private String doctor(Path dir) throws Exception {
    return box.run(dir, Duration.ofMinutes(1), Sandbox.LAUNCHER.toString(), "doctor", "--json")
        .stdout();
  }

  @Test
  void aGeminiCliSessionIsOnTheMesh() throws Exception {
    checkConfigurationAccepted();
    AtomicReference<String> piggy = new AtomicReference<>();
    model.script(firstPrompt(piggy));
    Sandbox.Run run =
        box.run(
            box.work,
            Sandbox.CLIENT_RUN,
            "gemini",
            "-m",
            "gemini-2.5-flash",
            "--approval-mode",
            "yolo",
            "-p",
            "Check the mesh, tell the reviewer, lock src/a.txt.");
    assertThat(run.exit()).as(report(run)).isZero();
    checkToolsOffered();
    assertThat(session.get().path("agentType").asText()).isEqualTo("gemini-cli");
    checkToolCallsReachedTheMesh(session.get());
    assertThat(count(model.lastContext(), piggy.get()))
        .as("tool-result piggyback\n" + report(run))
        .isEqualTo(1);
    checkEditRefused();
    checkEndOfTurnHook();
    checkUnregistered();
  }
}
