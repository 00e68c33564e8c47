package dev.slmmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.config.Config;
import dev.slmmesh.setup.ClientNeeds;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What setup and doctor say each client still needs, against temporary homes. */
class ClientNeedsTest {
  @TempDir Path home;
  @TempDir Path projects;

  private CliRun cli(Map<String, String> extraEnv, Path cwd) {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("HOME", home.toString());
    // no broker answers on this port: doctor still runs every check of the files
    return new CliRun(
            Config.defaults(home.resolve(".slm-mesh")).withPort(1).withEnvironment(env), home)
        .cwd(cwd);
  }

  private CliRun.Result setup(String client) {
    CliRun.Result r =
        cli(Map.of(), home).run("setup", client, "--command", "/opt/slm-mesh/bin/slm-mesh");
    assertThat(r.code()).as(r.toString()).isZero();
    return r;
  }

  private JsonNode check(String name, Path cwd, Map<String, String> env) throws IOException {
    CliRun.Result r = cli(env, cwd).run("doctor", "--json");
    for (JsonNode c : Json.MAPPER.readTree(r.out()).path("checks")) {
      if (c.path("name").asText().equals(name)) {
        return c;
      }
    }
    return Json.MAPPER.createObjectNode();
  }

  private JsonNode check(String name, Path cwd) throws IOException {
    return check(name, cwd, Map.of());
  }

  @Test
  void setupSaysWhatGeminiAndCodexStillNeedAndNothingForClaudeCode() {
    assertThat(setup("gemini-cli").out()).contains("Still needed for gemini-cli", "Trust folder");
    assertThat(setup("codex").out()).contains("Still needed for codex", "/hooks");
    assertThat(setup("claude-code").out()).doesNotContain("Still needed");
    CliRun.Result noHooks =
        cli(Map.of(), home).run("setup", "codex", "--no-hooks", "--command", "/opt/x/slm-mesh");
    assertThat(noHooks.out()).doesNotContain("Still needed");
  }

  @Test
  void doctorReadsGeminiCliFolderTrustTheWayGeminiDoes() throws IOException {
    Path project = Files.createDirectories(projects.resolve("work").resolve("app"));
    assertThat(check("gemini-cli folder trust", project).isEmpty())
        .as("no check before setup")
        .isTrue();
    setup("gemini-cli");
    JsonNode untrusted = check("gemini-cli folder trust", project);
    assertThat(untrusted.path("status").asText()).isEqualTo("warn");
    assertThat(untrusted.path("detail").asText())
        .contains(
            project + " is not trusted yet",
            "Trust folder",
            home.resolve(".gemini").resolve("trustedFolders.json").toString());

    Path folders = home.resolve(".gemini").resolve("trustedFolders.json");
    Files.writeString(folders, "{\"" + project.getParent() + "\": \"TRUST_PARENT\"}");
    assertThat(check("gemini-cli folder trust", project).path("status").asText()).isEqualTo("ok");
    Files.writeString(
        folders, "{\"" + projects.resolve("work").resolve("x") + "\": \"TRUST_PARENT\"}");
    assertThat(check("gemini-cli folder trust", project).path("status").asText())
        .as("parent of a sibling")
        .isEqualTo("ok");
    Files.writeString(
        folders,
        "{\""
            + project.getParent()
            + "\": \"TRUST_FOLDER\", \""
            + project
            + "\": \"DO_NOT_TRUST\"}");
    assertThat(check("gemini-cli folder trust", project).path("detail").asText())
        .contains("is marked untrusted");
    Files.writeString(folders, "{\"" + project.getParent() + "\": \"TRUST_FOLDER\"}");
    assertThat(check("gemini-cli folder trust", project).path("status").asText()).isEqualTo("ok");
    assertThat(check("gemini-cli folder trust", projects).path("status").asText())
        .as("above the rule")
        .isEqualTo("warn");
    Files.writeString(folders, "not json");
    assertThat(check("gemini-cli folder trust", project).path("detail").asText())
        .contains("is not a JSON object");

    assertThat(
            check("gemini-cli folder trust", project, Map.of("GEMINI_CLI_TRUST_WORKSPACE", "true"))
                .path("status")
                .asText())
        .isEqualTo("ok");
    Path elsewhere = projects.resolve("folders.json");
    Files.writeString(elsewhere, "{\"" + project + "\": \"TRUST_FOLDER\"}");
    assertThat(
            check(
                    "gemini-cli folder trust",
                    project,
                    Map.of("GEMINI_CLI_TRUSTED_FOLDERS_PATH", elsewhere.toString()))
                .path("status")
                .asText())
        .isEqualTo("ok");
  }

  @Test
  void folderTrustTurnedOffInGeminiSettingsNeedsNothing() throws IOException {
    Files.createDirectories(home.resolve(".gemini"));
    Files.writeString(
        home.resolve(".gemini").resolve("settings.json"),
        "{\"security\":{\"folderTrust\":{\"enabled\":false}}}");
    setup("gemini-cli");
    JsonNode c = check("gemini-cli folder trust", projects);
    assertThat(c.path("status").asText()).isEqualTo("ok");
    assertThat(c.path("detail").asText()).contains("folder trust is off");
  }

  @Test
  void doctorFindsCodexsTrustOfEachSlmMeshHook() throws IOException {
    assertThat(check("codex hook trust", projects).isEmpty()).as("no check before setup").isTrue();
    setup("codex");
    Path hooksFile = home.resolve(".codex").resolve("hooks.json");
    List<String> keys = new ArrayList<>();
    for (Iterator<String> events =
            Json.MAPPER.readTree(hooksFile.toFile()).path("hooks").fieldNames();
        events.hasNext(); ) {
      keys.add(hooksFile + ":" + ClientNeeds.snake(events.next()) + ":0:0");
    }
    assertThat(keys).isNotEmpty().anyMatch(k -> k.endsWith(":user_prompt_submit:0:0"));
    JsonNode none = check("codex hook trust", projects);
    assertThat(none.path("status").asText()).isEqualTo("warn");
    assertThat(none.path("detail").asText()).contains(keys.size() + " of " + keys.size(), "/hooks");

    Path config = home.resolve(".codex").resolve("config.toml");
    String server = Files.readString(config);
    Files.writeString(
        config, server + "\n[hooks.state.\"" + keys.get(0) + "\"]\ntrusted_hash = \"sha256:00\"\n");
    JsonNode some = check("codex hook trust", projects);
    assertThat(some.path("status").asText()).isEqualTo(keys.size() == 1 ? "ok" : "warn");
    StringBuilder all = new StringBuilder(server);
    for (String key : keys) {
      all.append("\n[hooks.state.\"")
          .append(key)
          .append("\"]\nenabled = true\ntrusted_hash = \"sha256:00\"\n");
    }
    Files.writeString(config, all.toString());
    assertThat(check("codex hook trust", projects).path("status").asText()).isEqualTo("ok");
    Files.writeString(config, all.toString().replace("trusted_hash", "# trusted_hash"));
    assertThat(check("codex hook trust", projects).path("status").asText())
        .as("commented out")
        .isEqualTo("warn");
  }

  @Test
  void eventNamesBecomeCodexsKeyLabels() {
    assertThat(ClientNeeds.snake("UserPromptSubmit")).isEqualTo("user_prompt_submit");
    assertThat(ClientNeeds.snake("SessionStart")).isEqualTo("session_start");
    assertThat(ClientNeeds.snake("PreToolUse")).isEqualTo("pre_tool_use");
  }
}
