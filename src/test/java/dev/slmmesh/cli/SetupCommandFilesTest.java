package dev.slmmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.config.Config;
import dev.slmmesh.setup.CommandFiles;
import dev.slmmesh.setup.ConfigFileWriter;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code setup}'s slash-command files (mesh-peers, mesh-send, mesh-lock, mesh-status, mesh-sync)
 * and its two newer clients, OpenCode and Google Antigravity, against temporary homes.
 */
class SetupCommandFilesTest {
  private static final String LAUNCHER = "/opt/slm-mesh/bin/slm-mesh";
  private static final List<String> NAMES =
      List.of("mesh-peers", "mesh-send", "mesh-lock", "mesh-status", "mesh-sync");

  @TempDir Path home;

  private CliRun.Result setup(String... args) {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", home.toString());
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--command";
    all[args.length + 1] = LAUNCHER;
    return new CliRun(Config.defaults(home.resolve(".slm-mesh")).withEnvironment(env), home)
        .run(all);
  }

  private long backups(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().contains(ConfigFileWriter.BACKUP_SUFFIX))
          .count();
    }
  }

  @Test
  void eachClientGetsTheFiveCommandsInItsOwnPlaceAndFormat() throws Exception {
    CliRun.Result r =
        setup(
            "setup",
            "claude-code",
            "codex",
            "gemini-cli",
            "cursor",
            "opencode",
            "antigravity",
            "--no-hooks");
    assertThat(r.code()).as(r.toString()).isZero();
    Map<String, String> places =
        Map.of(
            ".claude/commands",
            ".md",
            ".codex/prompts",
            ".md",
            ".gemini/commands",
            ".toml",
            ".cursor/commands",
            ".md",
            ".config/opencode/commands",
            ".md",
            ".gemini/antigravity/global_workflows",
            ".md");
    for (Map.Entry<String, String> place : places.entrySet()) {
      for (String name : NAMES) {
        Path file = home.resolve(place.getKey()).resolve(name + place.getValue());
        assertThat(file).as(file.toString()).exists();
        assertThat(Files.readString(file)).contains(CommandFiles.MARKER);
      }
    }
    String claude = Files.readString(home.resolve(".claude/commands/mesh-send.md"));
    assertThat(claude)
        .startsWith(
            "---\ndescription: \"Send a message to another agent session (or to all)\"\n"
                + "argument-hint: \"<peer name or id, or all> <message>\"\n---\n")
        .contains("Input: $ARGUMENTS")
        .contains("mesh_send");
    assertThat(Files.readString(home.resolve(".codex/prompts/mesh-lock.md")))
        .contains("Input: $ARGUMENTS");
    assertThat(Files.readString(home.resolve(".config/opencode/commands/mesh-sync.md")))
        .contains("Input: $ARGUMENTS");
    assertThat(Files.readString(home.resolve(".cursor/commands/mesh-peers.md")))
        .startsWith("# mesh-peers: ")
        .doesNotContain("$ARGUMENTS")
        .contains("whatever the user typed after the command");
    assertThat(
            Files.readString(home.resolve(".gemini/antigravity/global_workflows/mesh-status.md")))
        .startsWith("---\ndescription: \"Check that the mesh works")
        .doesNotContain("argument-hint");
    String toml = Files.readString(home.resolve(".gemini/commands/mesh-lock.toml"));
    assertThat(toml)
        .contains("description = \"Check a file's advisory lock and take it before editing\"")
        .contains("prompt = \"\"\"\n")
        .contains("Input: {{args}}");
    parsedByPython(home.resolve(".gemini/commands/mesh-lock.toml"));
  }

  /** Gemini CLI must be able to read the file: Python's TOML parser checks it where it exists. */
  private static void parsedByPython(Path toml) throws Exception {
    Process p;
    try {
      p =
          new ProcessBuilder(
                  "python3",
                  "-c",
                  "import sys, tomllib; d = tomllib.load(open(sys.argv[1], 'rb')); print(d['description']); print('{{args}}' in d['prompt'])",
                  toml.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      System.out.println(
          "[SetupCommandFilesTest] python3 missing: the TOML parse check is skipped");
      return;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    if (out.contains("No module named 'tomllib'")) {
      System.out.println(
          "[SetupCommandFilesTest] python3 older than 3.11: the TOML parse check is skipped");
      return;
    }
    assertThat(out).isEqualTo("Check a file's advisory lock and take it before editing\nTrue\n");
  }

  @Test
  void runningAgainChangesNothingAndUninstallRemovesOnlyOurFiles() throws Exception {
    assertThat(setup("setup", "claude-code", "--no-hooks").code()).isZero();
    Path dir = home.resolve(".claude/commands");
    Files.writeString(dir.resolve("my-own.md"), "mine\n");
    CliRun.Result again = setup("setup", "claude-code", "--no-hooks");
    assertThat(again.out()).doesNotContain("created").doesNotContain("updated");
    assertThat(backups(dir)).isZero();

    CliRun.Result gone = setup("setup", "claude-code", "--uninstall");
    assertThat(gone.code()).as(gone.toString()).isZero();
    for (String name : NAMES) {
      assertThat(dir.resolve(name + ".md")).doesNotExist();
    }
    assertThat(dir.resolve("my-own.md")).hasContent("mine");
    assertThat(backups(dir)).isEqualTo(5);
    CliRun.Result twice = setup("setup", "claude-code", "--uninstall");
    assertThat(twice.code()).isZero();
    assertThat(twice.out()).doesNotContain("removed");
  }

  @Test
  void aUsersOwnCommandOfTheSameNameIsRefusedAndKept() throws Exception {
    Path mine = Files.createDirectories(home.resolve(".claude/commands")).resolve("mesh-send.md");
    Files.writeString(mine, "my own mesh-send\n");
    CliRun.Result r = setup("setup", "claude-code", "--no-hooks");
    assertThat(r.code()).isEqualTo(ExitCode.REFUSED);
    assertThat(r.out()).contains("Refused: " + mine + " exists and was not written by slm-mesh");
    assertThat(mine).hasContent("my own mesh-send");
    assertThat(home.resolve(".claude/commands/mesh-peers.md")).exists();
    assertThat(setup("setup", "claude-code", "--uninstall").code()).isZero();
    assertThat(mine).hasContent("my own mesh-send");
  }

  @Test
  void noCommandsLeavesTheCommandDirectoriesAlone() {
    assertThat(setup("setup", "cursor", "--no-commands", "--no-hooks").code()).isZero();
    assertThat(home.resolve(".cursor/commands")).doesNotExist();
    assertThat(home.resolve(".cursor/mcp.json")).exists();
  }

  @Test
  void openCodeGetsItsLocalServerEntryKeepingEverythingElse() throws Exception {
    Path file = Files.createDirectories(home.resolve(".config/opencode")).resolve("opencode.json");
    Files.writeString(
        file,
        "{\"theme\":\"opencode\",\"mcp\":{\"other\":{\"type\":\"remote\",\"url\":\"https://x\"}}}\n");
    CliRun.Result r = setup("setup", "opencode");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode root = Json.MAPPER.readTree(Files.readString(file));
    assertThat(root.path("theme").asText()).isEqualTo("opencode");
    assertThat(root.path("mcp").path("other").path("url").asText()).isEqualTo("https://x");
    assertThat(root.path("mcp").path("slm-mesh").toString())
        .isEqualTo(
            "{\"type\":\"local\",\"command\":[\"" + LAUNCHER + "\",\"mcp\"],\"enabled\":true}");
    assertThat(backups(file.getParent())).isEqualTo(1);
    assertThat(setup("setup", "opencode").out()).doesNotContain("updated");
    assertThat(backups(file.getParent())).isEqualTo(1);
    assertThat(setup("setup", "opencode", "--uninstall").code()).isZero();
    root = Json.MAPPER.readTree(Files.readString(file));
    assertThat(root.path("mcp").has("slm-mesh")).isFalse();
    assertThat(root.path("mcp").has("other")).isTrue();
  }

  @Test
  void aFreshOpenCodeConfigNamesItsSchemaAndCarriesANonDefaultDataDir() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", home.toString());
    CliRun.Result r =
        new CliRun(Config.defaults(home.resolve("elsewhere")).withEnvironment(env), home)
            .run("setup", "opencode", "--command", LAUNCHER);
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode root =
        Json.MAPPER.readTree(Files.readString(home.resolve(".config/opencode/opencode.json")));
    assertThat(root.fieldNames().next()).isEqualTo("$schema");
    assertThat(
            root.path("mcp")
                .path("slm-mesh")
                .path("environment")
                .path("SLM_MESH_DATA_DIR")
                .asText())
        .isEqualTo(home.resolve("elsewhere").toString());
  }

  @Test
  void anOpenCodeJsoncWithCommentsIsRefusedUntouched() throws Exception {
    Path file = Files.createDirectories(home.resolve(".config/opencode")).resolve("opencode.jsonc");
    String text = "{\n  // my theme\n  \"theme\": \"opencode\",\n}\n";
    Files.writeString(file, text);
    CliRun.Result r = setup("setup", "opencode", "--no-commands");
    assertThat(r.code()).isEqualTo(ExitCode.REFUSED);
    assertThat(r.out()).contains("refused").contains("has comments or trailing commas");
    assertThat(file).hasContent(text.strip());
    assertThat(home.resolve(".config/opencode/opencode.json")).doesNotExist();
  }

  @Test
  void antigravityGetsItsServerEntryAndIsFoundByAll() throws Exception {
    Path dir = Files.createDirectories(home.resolve(".gemini/antigravity"));
    Files.writeString(
        dir.resolve("mcp_config.json"), "{\"mcpServers\":{\"chrome\":{\"command\":\"npx\"}}}\n");
    CliRun.Result r = setup("setup", "--all");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("antigravity").doesNotContain("Skipping antigravity");
    JsonNode servers =
        Json.MAPPER.readTree(Files.readString(dir.resolve("mcp_config.json"))).path("mcpServers");
    assertThat(servers.path("chrome").path("command").asText()).isEqualTo("npx");
    assertThat(servers.path("slm-mesh").toString())
        .isEqualTo("{\"command\":\"" + LAUNCHER + "\",\"args\":[\"mcp\"]}");
    assertThat(dir.resolve("global_workflows/mesh-sync.md")).exists();
    Files.writeString(
        dir.resolve("mcp_config.json"), "{\n  // a comment\n  \"mcpServers\": {}\n}\n");
    assertThat(setup("setup", "antigravity").code()).isEqualTo(ExitCode.REFUSED);
  }
}
