package dev.slmmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.config.Config;
import dev.slmmesh.setup.ConfigFileWriter;
import dev.slmmesh.setup.HookScripts;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slm-mesh setup} against temporary home directories, never the real one. */
class SetupCommandTest {
  private static final String LAUNCHER = "/opt/slm mesh/bin/slm-mesh";

  /** The installed hook script: sh <data dir>/hooks/slm-mesh-hook <client> <event>. */
  private String hook(String client, String event) {
    return "sh " + home.resolve(".slm-mesh/hooks/slm-mesh-hook") + " " + client + " " + event;
  }

  @TempDir Path home;

  private CliRun cli(Map<String, String> extraEnv) {
    Map<String, String> env = new java.util.HashMap<>(extraEnv);
    env.put("HOME", home.toString());
    return new CliRun(Config.defaults(home.resolve(".slm-mesh")).withEnvironment(env), home);
  }

  private CliRun.Result setup(String... args) {
    return cli(Map.of()).run(concat(args, "--command", LAUNCHER));
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private JsonNode json(String relative) throws IOException {
    return Json.MAPPER.readTree(Files.readString(home.resolve(relative)));
  }

  private long backups(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().contains(ConfigFileWriter.BACKUP_SUFFIX))
          .count();
    }
  }

  @Test
  void claudeCodeOnAFreshHomeGetsTheServerTheHooksAndTheWaker() throws IOException {
    CliRun.Result r = setup("setup", "claude-code");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode server = json(".claude.json").path("mcpServers").path("slm-mesh");
    assertThat(server.toString())
        .isEqualTo(
            "{\"type\":\"stdio\",\"command\":\"/opt/slm mesh/bin/slm-mesh\",\"args\":[\"mcp\"]}");
    JsonNode hooks = json(".claude/settings.json").path("hooks");
    for (String event : List.of("UserPromptSubmit", "Notification")) {
      assertThat(hooks.path(event).toString())
          .isEqualTo(
              "[{\"hooks\":[{\"type\":\"command\",\"command\":\""
                  + hook("claude-code", event)
                  + "\",\"timeout\":10}]}]");
    }
    String waker =
        "{\"hooks\":[{\"type\":\"command\",\"command\":\""
            + hook("claude-code", "wait")
            + "\",\"timeout\":3600,\"async\":true,\"asyncRewake\":true}]}";
    assertThat(hooks.path("Stop").toString())
        .isEqualTo(
            "[{\"hooks\":[{\"type\":\"command\",\"command\":\""
                + hook("claude-code", "Stop")
                + "\",\"timeout\":10}]},"
                + waker
                + "]");
    assertThat(hooks.path("SessionStart").toString()).isEqualTo("[" + waker + "]");
    assertThat(Files.readString(home.resolve(".slm-mesh/hooks/slm-mesh-hook")))
        .isEqualTo(HookScripts.bundled("slm-mesh-hook"));
    assertThat(Files.exists(home.resolve(".slm-mesh/hooks/session.sh"))).isTrue();
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home.resolve(".claude.json"))))
        .isEqualTo("rw-------");
    assertThat(r.out())
        .contains("created")
        .contains("MCP server command: '/opt/slm mesh/bin/slm-mesh' mcp");
  }

  @Test
  void keepsTheUsersOtherServersAndHooksAndBacksUpWhatItChanges() throws IOException {
    String claudeJson =
        "{\"numStartups\":3,\"mcpServers\":{\"github\":{\"command\":\"gh-mcp\"}},\"projects\":{}}";
    Files.writeString(home.resolve(".claude.json"), claudeJson);
    Files.createDirectories(home.resolve(".claude"));
    String settings =
        "{\"model\":\"opus\",\"hooks\":{\"UserPromptSubmit\":[{\"hooks\":[{\"type\":\"command\","
            + "\"command\":\"~/bin/remind.sh\"}]}],\"PreToolUse\":[{\"matcher\":\"Bash\",\"hooks\":[]}]}}";
    Files.writeString(home.resolve(".claude/settings.json"), settings);

    assertThat(setup("setup", "claude-code").code()).isZero();

    JsonNode root = json(".claude.json");
    assertThat(root.path("numStartups").asInt()).isEqualTo(3);
    assertThat(root.path("mcpServers").path("github").path("command").asText()).isEqualTo("gh-mcp");
    assertThat(root.path("mcpServers").has("slm-mesh")).isTrue();
    JsonNode prompt = json(".claude/settings.json").path("hooks").path("UserPromptSubmit");
    assertThat(prompt).hasSize(2);
    assertThat(prompt.path(0).path("hooks").path(0).path("command").asText())
        .isEqualTo("~/bin/remind.sh");
    assertThat(
            json(".claude/settings.json")
                .path("hooks")
                .path("PreToolUse")
                .path(0)
                .path("matcher")
                .asText())
        .isEqualTo("Bash");
    assertThat(backups(home)).isEqualTo(1);
    try (Stream<Path> files = Files.list(home)) {
      Path backup =
          files
              .filter(f -> f.getFileName().toString().startsWith(".claude.json.slm-mesh-backup-"))
              .findFirst()
              .orElseThrow();
      assertThat(Files.readString(backup)).isEqualTo(claudeJson);
    }
  }

  @Test
  void aRepeatedRunChangesNothingAndMakesNoBackup() throws IOException {
    assertThat(setup("setup", "claude-code", "cursor", "codex").code()).isZero();
    String before = Files.readString(home.resolve(".claude/settings.json"));
    CliRun.Result again = setup("setup", "claude-code", "cursor", "codex");
    assertThat(again.code()).isZero();
    assertThat(again.out())
        .doesNotContain("updated")
        .doesNotContain("created")
        .contains("unchanged");
    assertThat(Files.readString(home.resolve(".claude/settings.json"))).isEqualTo(before);
    assertThat(json(".claude/settings.json").path("hooks").path("SessionStart")).hasSize(1);
    assertThat(backups(home)).isZero();
    assertThat(backups(home.resolve(".claude"))).isZero();
    assertThat(backups(home.resolve(".codex"))).isZero();
  }

  @Test
  void anUpgradeReplacesTheHooksOfEarlierVersionsUnderEveryEvent() throws IOException {
    Files.createDirectories(home.resolve(".claude"));
    String old =
        "{\"type\":\"command\",\"command\":\"'/opt/slm mesh/bin/slm-mesh' hook claude-code\",\"timeout\":15}";
    Files.writeString(
        home.resolve(".claude/settings.json"),
        "{\"hooks\":{\"SessionStart\":[{\"hooks\":["
            + old
            + "]}],\"UserPromptSubmit\":[{\"hooks\":["
            + old
            + ",{\"type\":\"command\",\"command\":\"mine.sh\"}]}]}}");
    assertThat(setup("setup", "claude-code").code()).isZero();
    String after = Files.readString(home.resolve(".claude/settings.json"));
    assertThat(after).doesNotContain("slm-mesh' hook claude-code").contains("mine.sh");
    assertThat(json(".claude/settings.json").path("hooks").path("SessionStart")).hasSize(1);
    assertThat(setup("setup", "claude-code", "--uninstall").code()).isZero();
    assertThat(json(".claude/settings.json").toString())
        .isEqualTo(
            "{\"hooks\":{\"UserPromptSubmit\":[{\"hooks\":[{\"type\":\"command\",\"command\":\"mine.sh\"}]}]}}");
  }

  @Test
  void geminiCliGetsItsAgentHooksWithTimeoutsInMilliseconds() throws IOException {
    assertThat(setup("setup", "gemini-cli").code()).isZero();
    JsonNode settings = json(".gemini/settings.json");
    assertThat(settings.path("mcpServers").has("slm-mesh")).isTrue();
    for (String event : List.of("BeforeAgent", "AfterAgent", "Notification")) {
      JsonNode hook = settings.path("hooks").path(event).path(0).path("hooks").path(0);
      assertThat(hook.path("command").asText()).isEqualTo(hook("gemini-cli", event));
      assertThat(hook.path("timeout").asInt()).isEqualTo(10_000);
    }
    assertThat(setup("setup", "gemini-cli", "--uninstall").code()).isZero();
    assertThat(json(".gemini/settings.json").has("hooks")).isFalse();
  }

  @Test
  void uninstallRemovesExactlyOurEntries() throws IOException {
    Files.createDirectories(home.resolve(".cursor"));
    Files.writeString(
        home.resolve(".cursor/mcp.json"), "{\"mcpServers\":{\"db\":{\"command\":\"db-mcp\"}}}");
    Files.writeString(
        home.resolve(".cursor/hooks.json"),
        "{\"version\":1,\"hooks\":{\"stop\":[{\"command\":\"./audit.sh\"}],\"afterFileEdit\":[{\"command\":\"fmt\"}]}}");
    assertThat(setup("setup", "cursor").code()).isZero();
    assertThat(json(".cursor/hooks.json").path("hooks").path("stop")).hasSize(2);

    CliRun.Result r = setup("setup", "cursor", "--uninstall");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("removed");
    assertThat(json(".cursor/mcp.json").toString())
        .isEqualTo("{\"mcpServers\":{\"db\":{\"command\":\"db-mcp\"}}}");
    assertThat(json(".cursor/hooks.json").toString())
        .isEqualTo(
            "{\"version\":1,\"hooks\":{\"stop\":[{\"command\":\"./audit.sh\"}],\"afterFileEdit\":[{\"command\":\"fmt\"}]}}");
    assertThat(setup("setup", "cursor", "--uninstall").out()).doesNotContain("removed");
  }

  @Test
  void uninstallOnAFreshHomeCreatesNothing() throws IOException {
    CliRun.Result r = setup("setup", "claude-code", "codex", "vscode", "--uninstall");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("absent");
    try (Stream<Path> files = Files.list(home)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void cursorGetsItsServerAndAStopHookWithALoopLimit() throws IOException {
    assertThat(setup("setup", "cursor").code()).isZero();
    assertThat(json(".cursor/mcp.json").path("mcpServers").path("slm-mesh").toString())
        .isEqualTo("{\"command\":\"/opt/slm mesh/bin/slm-mesh\",\"args\":[\"mcp\"]}");
    assertThat(json(".cursor/hooks.json").path("hooks").path("stop").toString())
        .isEqualTo("[{\"command\":\"" + hook("cursor", "stop") + "\",\"loop_limit\":3}]");
  }

  @Test
  void codexGetsATomlTableBesideTheUsersSettingsAndHooksJson() throws IOException {
    Path codex = home.resolve("codex-home");
    Files.createDirectories(codex);
    String toml =
        "model = \"o3\"\nnotify = [\"notify-send\"]\n\n[mcp_servers.docs]\ncommand = \"docs\"\n";
    Files.writeString(codex.resolve("config.toml"), toml);
    CliRun.Result r =
        cli(Map.of("CODEX_HOME", codex.toString())).run("setup", "codex", "--command", LAUNCHER);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(Files.readString(codex.resolve("config.toml")))
        .isEqualTo(
            toml
                + "\n[mcp_servers.slm-mesh]\ncommand = \"/opt/slm mesh/bin/slm-mesh\"\nargs = [\"mcp\"]\n");
    JsonNode hooks =
        Json.MAPPER.readTree(Files.readString(codex.resolve("hooks.json"))).path("hooks");
    assertThat(
            hooks.path("UserPromptSubmit").path(0).path("hooks").path(0).path("command").asText())
        .isEqualTo(hook("codex", "UserPromptSubmit"));
    assertThat(hooks.path("Stop").path(0).path("hooks").path(0).path("command").asText())
        .isEqualTo(hook("codex", "Stop"));
    assertThat(hooks.has("SessionStart")).isFalse();
    assertThat(Files.exists(home.resolve(".codex"))).isFalse();

    assertThat(
            cli(Map.of("CODEX_HOME", codex.toString()))
                .run("setup", "codex", "--uninstall", "--command", LAUNCHER)
                .code())
        .isZero();
    assertThat(Files.readString(codex.resolve("config.toml"))).isEqualTo(toml);
  }

  @Test
  void vscodeWindsurfAndGeminiGetTheirOwnFormats() throws IOException {
    assertThat(setup("setup", "vscode", "windsurf", "gemini-cli").code()).isZero();
    assertThat(json(".config/Code/User/mcp.json").toString())
        .isEqualTo(
            "{\"servers\":{\"slm-mesh\":{\"type\":\"stdio\",\"command\":\"/opt/slm mesh/bin/slm-mesh\",\"args\":[\"mcp\"]}}}");
    assertThat(
            json(".codeium/windsurf/mcp_config.json")
                .path("mcpServers")
                .path("slm-mesh")
                .path("args")
                .toString())
        .isEqualTo("[\"mcp\"]");
    assertThat(
            json(".gemini/settings.json")
                .path("mcpServers")
                .path("slm-mesh")
                .path("command")
                .asText())
        .isEqualTo(LAUNCHER);
    Path xdg = home.resolve("xdg");
    assertThat(
            cli(Map.of("XDG_CONFIG_HOME", xdg.toString()))
                .run("setup", "vscode", "--command", LAUNCHER)
                .code())
        .isZero();
    assertThat(Files.exists(xdg.resolve("Code/User/mcp.json"))).isTrue();
  }

  @Test
  void allSetsUpOnlyTheClientsFoundInTheHome() throws IOException {
    assertThat(setup("setup", "--all").code()).isEqualTo(ExitCode.REFUSED);
    Files.createDirectories(home.resolve(".gemini"));
    Files.createDirectories(home.resolve(".codeium/windsurf"));
    CliRun.Result r = setup("setup", "--all");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("Skipping cursor").contains("Skipping claude-code");
    assertThat(Files.exists(home.resolve(".gemini/settings.json"))).isTrue();
    assertThat(Files.exists(home.resolve(".codeium/windsurf/mcp_config.json"))).isTrue();
    assertThat(Files.exists(home.resolve(".cursor"))).isFalse();
  }

  @Test
  void dryRunWritesNothingButShowsWhatItWouldWrite() throws IOException {
    CliRun.Result r = setup("setup", "claude-code", "codex", "--dry-run");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("would be created")
        .contains(
            "Would write to "
                + home.resolve(".claude.json")
                + ":\n\"slm-mesh\": {\"type\":\"stdio\",\"command\":\""
                + LAUNCHER
                + "\",\"args\":[\"mcp\"]}")
        .contains("[mcp_servers.slm-mesh]\ncommand = \"" + LAUNCHER + "\"\nargs = [\"mcp\"]")
        .containsPattern(
            "hook command \\(one entry per hook event\\): sh \\S*slm-mesh-hook claude-code EVENT")
        .doesNotContain("Restart the client")
        .doesNotContain("claude mcp list");
    try (Stream<Path> files = Files.list(home)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void refusesToRewriteAFileWithCommentsAndLeavesItUntouched() throws IOException {
    Path mcp = home.resolve(".config/Code/User/mcp.json");
    Files.createDirectories(mcp.getParent());
    String jsonc = "{\n  // my servers\n  \"servers\": {},\n}\n";
    Files.writeString(mcp, jsonc);
    CliRun.Result r = setup("setup", "vscode", "windsurf");
    assertThat(r.code()).isEqualTo(ExitCode.REFUSED);
    assertThat(r.out())
        .contains("refused")
        .contains("has comments or trailing commas")
        .contains("Add this by hand");
    assertThat(r.out())
        .as("only the clients set up are mentioned")
        .doesNotContain("Codex")
        .doesNotContain("claude mcp list");
    assertThat(Files.readString(mcp)).isEqualTo(jsonc);
    assertThat(Files.exists(home.resolve(".codeium/windsurf/mcp_config.json"))).isTrue();
  }

  @Test
  void aNonDefaultDataDirectoryAndPortAreHandedToTheServerAndHooks() throws IOException {
    Map<String, String> env = Map.of("HOME", home.toString());
    Config config = Config.defaults(home.resolve("mesh data")).withPort(17000).withEnvironment(env);
    CliRun.Result r =
        new CliRun(config, home).run("setup", "claude-code", "--command", "/b/slm-mesh");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(json(".claude.json").path("mcpServers").path("slm-mesh").path("env").toString())
        .isEqualTo(
            "{\"SLM_MESH_DATA_DIR\":\""
                + home.resolve("mesh data")
                + "\",\"SLM_MESH_PORT\":\"17000\"}");
    assertThat(
            json(".claude/settings.json")
                .path("hooks")
                .path("SessionStart")
                .path(0)
                .path("hooks")
                .path(0)
                .path("command")
                .asText())
        .isEqualTo(
            "SLM_MESH_DATA_DIR='"
                + home.resolve("mesh data")
                + "' SLM_MESH_PORT=17000 sh '"
                + home.resolve("mesh data/hooks/slm-mesh-hook")
                + "' claude-code wait");
  }

  @Test
  void jsonOutputListsEveryChange() throws IOException {
    CliRun.Result r = setup("setup", "gemini-cli", "--json");
    JsonNode doc = Json.MAPPER.readTree(r.out());
    assertThat(doc.path("ok").asBoolean()).isTrue();
    assertThat(doc.path("changes").path(0).path("client").asText()).isEqualTo("gemini-cli");
    assertThat(doc.path("changes").path(0).path("result").asText()).isEqualTo("created");
    assertThat(doc.path("changes").path(0).path("file").asText())
        .isEqualTo(home.resolve(".gemini/settings.json").toString());
  }

  @Test
  void wrongCommandLinesAreUsageErrors() {
    assertThat(setup("setup").code()).isEqualTo(ExitCode.USAGE);
    assertThat(setup("setup", "emacs").code()).isEqualTo(ExitCode.USAGE);
    assertThat(setup("setup", "cursor", "--all").code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void theHandAddedEntryKeepsTheDataDirectoryAndTheUsageErrorsSayWhatToDo() throws IOException {
    Path mcp = home.resolve(".gemini/settings.json");
    Files.createDirectories(mcp.getParent());
    Files.writeString(mcp, "{\n  // mine\n}\n");
    Path data = home.resolve("other-data");
    Map<String, String> env = new java.util.HashMap<>();
    env.put("HOME", home.toString());
    env.put("SLM_MESH_LAUNCHER", LAUNCHER);
    CliRun.Result r =
        new CliRun(Config.defaults(data).withEnvironment(env), home)
            .run("setup", "gemini-cli", "--command", LAUNCHER);
    assertThat(r.code()).isEqualTo(ExitCode.REFUSED);
    assertThat(r.out())
        .contains(
            "Add this by hand:\n\"slm-mesh\": {\"command\":\""
                + LAUNCHER
                + "\",\"args\":[\"mcp\"],\"env\":{\"SLM_MESH_DATA_DIR\":\""
                + data
                + "\"}}");

    CliRun.Result none = setup("setup");
    assertThat(none.code()).isEqualTo(ExitCode.USAGE);
    assertThat(none.err())
        .contains("or give --all for every client found")
        .doesNotContain("not both");
    assertThat(setup("setup", "--all", "cursor").err())
        .contains("give client names or --all, not both");
  }
}
