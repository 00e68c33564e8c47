package dev.slmmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.config.Config;
import dev.slmmesh.setup.HookScripts;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slm-mesh setup} writes the edit hook that enforces locks, per client, in a temporary home.
 */
class LockHookSetupTest {
  @TempDir Path home;

  private CliRun.Result setup(String... args) {
    Config config =
        Config.defaults(home.resolve(".slm-mesh")).withEnvironment(Map.of("HOME", home.toString()));
    String[] all =
        Stream.concat(Stream.of(args), Stream.of("--command", "/opt/slm-mesh/bin/slm-mesh"))
            .toArray(String[]::new);
    return new CliRun(config, home).run(all);
  }

  private JsonNode json(String relative) throws IOException {
    return Json.MAPPER.readTree(Files.readString(home.resolve(relative)));
  }

  private String command(String client) {
    return "sh " + home.resolve(".slm-mesh/hooks/lock-guard") + " " + client;
  }

  @Test
  void eachClientWithAPreToolHookGetsTheLockGuardOnItsEditTools() throws IOException {
    CliRun.Result r = setup("setup", "claude-code", "cursor", "codex", "gemini-cli");
    assertThat(r.code()).as(r.toString()).isZero();

    assertThat(json(".claude/settings.json").path("hooks").path("PreToolUse").toString())
        .isEqualTo(
            "[{\"matcher\":\"Edit|Write|MultiEdit|NotebookEdit\",\"hooks\":[{\"type\":\"command\",\"command\":\""
                + command("claude-code")
                + "\",\"timeout\":10}]}]");
    assertThat(json(".codex/hooks.json").path("hooks").path("PreToolUse").toString())
        .isEqualTo(
            "[{\"matcher\":\"apply_patch|Edit|Write|Bash\",\"hooks\":[{\"type\":\"command\",\"command\":\""
                + command("codex")
                + "\",\"timeout\":10}]}]");
    assertThat(json(".gemini/settings.json").path("hooks").path("BeforeTool").toString())
        .isEqualTo(
            "[{\"matcher\":\"write_file|replace|edit\",\"hooks\":[{\"type\":\"command\",\"command\":\""
                + command("gemini-cli")
                + "\",\"timeout\":10000}]}]");
    assertThat(json(".gemini/settings.json").path("mcpServers").has("slm-mesh")).isTrue();
    assertThat(json(".cursor/hooks.json").path("hooks").path("preToolUse").toString())
        .isEqualTo("[{\"command\":\"" + command("cursor") + "\",\"timeout\":10}]");
    for (String script : List.of("session.sh", "lock-check.awk", "lock-guard", "commit-guard")) {
      assertThat(home.resolve(".slm-mesh/hooks").resolve(script))
          .content()
          .isEqualTo(HookScripts.bundled(script));
    }
  }

  @Test
  void otherPreToolHooksAreKeptARepeatIsIdempotentAndUninstallRemovesOnlyOurs() throws IOException {
    Files.createDirectories(home.resolve(".claude"));
    String theirs =
        "{\"hooks\":{\"PreToolUse\":[{\"matcher\":\"Bash\",\"hooks\":[{\"type\":\"command\","
            + "\"command\":\"~/bin/check.sh\"}]}]}}";
    Files.writeString(home.resolve(".claude/settings.json"), theirs);

    assertThat(setup("setup", "claude-code").code()).isZero();
    JsonNode pre = json(".claude/settings.json").path("hooks").path("PreToolUse");
    assertThat(pre).hasSize(2);
    assertThat(pre.get(0).path("matcher").asText()).isEqualTo("Bash");
    String once = Files.readString(home.resolve(".claude/settings.json"));

    CliRun.Result again = setup("setup", "claude-code");
    assertThat(again.out()).doesNotContain("updated");
    assertThat(home.resolve(".claude/settings.json")).content().isEqualTo(once);

    assertThat(setup("setup", "claude-code", "--uninstall").code()).isZero();
    assertThat(json(".claude/settings.json").path("hooks").path("PreToolUse").toString())
        .isEqualTo(Json.MAPPER.readTree(theirs).path("hooks").path("PreToolUse").toString());
  }

  @Test
  void noHooksAndDryRunWriteNoLockHook() throws IOException {
    assertThat(setup("setup", "claude-code", "--no-hooks").code()).isZero();
    assertThat(home.resolve(".claude/settings.json")).doesNotExist();
    assertThat(home.resolve(".slm-mesh/hooks")).doesNotExist();

    CliRun.Result dry = setup("setup", "cursor", "--dry-run");
    assertThat(dry.out()).contains("hooks+lock");
    assertThat(home.resolve(".cursor")).doesNotExist();
    assertThat(home.resolve(".slm-mesh/hooks")).doesNotExist();
  }
}
