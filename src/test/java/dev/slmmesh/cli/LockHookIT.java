package dev.slmmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.base.FileTrees;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.LockMesh;
import dev.slmmesh.testkit.ShellHooks;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The edit hook ({@code sh <data dir>/hooks/lock-guard <client>}) run as each client runs it: the
 * client's documented JSON on stdin, the refusal read from stdout in the client's own shape,
 * against a real broker and its lock mirror. The hook's session is this JVM's (its parent).
 */
class LockHookIT {
  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  private LockMesh mesh;
  private Path data;
  private Path project;
  private Path hooks;
  private String alice;
  private String bob;

  /**
   * One client: its hook input for an edit of {@code file} (relative to the project when not
   * absolute).
   */
  record Client(
      String id, String tool, Function<String, String> input, Function<JsonNode, String> refusal) {
    @Override
    public String toString() {
      return id;
    }
  }

  static Stream<Client> clients() {
    return Stream.of(
        new Client(
            "claude-code",
            "Edit",
            f ->
                "{\"session_id\":\"abc\",\"transcript_path\":\"/tmp/t.jsonl\","
                    + "\"cwd\":\"%CWD%\",\"permission_mode\":\"default\",\"hook_event_name\":\"PreToolUse\","
                    + "\"tool_name\":\"Edit\",\"tool_input\":{\"file_path\":\""
                    + f
                    + "\",\"old_string\":\"a\","
                    + "\"new_string\":\"b \\\"file_path\\\":\\\"/elsewhere\\\"\"},\"tool_use_id\":\"toolu_1\"}",
            out ->
                out.path("hookSpecificOutput").path("permissionDecision").asText().equals("deny")
                    ? out.path("hookSpecificOutput").path("permissionDecisionReason").asText()
                    : null),
        new Client(
            "cursor",
            "Write",
            f ->
                "{\"conversation_id\":\"c1\",\"generation_id\":\"g1\","
                    + "\"hook_event_name\":\"preToolUse\",\"workspace_roots\":[\"%CWD%\"],\"cursor_version\":\"2.1.0\","
                    + "\"tool_name\":\"Write\",\"tool_input\":{\"file_path\":\""
                    + f
                    + "\",\"content\":\"x\\ny\"}}",
            out ->
                out.path("permission").asText().equals("deny")
                    ? out.path("agent_message").asText()
                    : null),
        new Client(
            "codex",
            "apply_patch",
            f ->
                "{\"session_id\":\"s1\",\"turn_id\":\"t1\",\"transcript_path\":null,"
                    + "\"cwd\":\"%CWD%\",\"hook_event_name\":\"PreToolUse\",\"model\":\"gpt-5-codex\","
                    + "\"permission_mode\":\"default\",\"tool_name\":\"apply_patch\",\"tool_use_id\":\"call_1\","
                    + "\"tool_input\":{\"command\":\"*** Begin Patch\\n*** Update File: "
                    + f
                    + "\\n@@\\n-a\\n+b\\n*** End Patch\\n\"}}",
            out ->
                out.path("hookSpecificOutput").path("permissionDecision").asText().equals("deny")
                    ? out.path("hookSpecificOutput").path("permissionDecisionReason").asText()
                    : null),
        new Client(
            "gemini-cli",
            "replace",
            f ->
                "{\"session_id\":\"s1\",\"transcript_path\":\"/tmp/t.json\","
                    + "\"cwd\":\"%CWD%\",\"hook_event_name\":\"BeforeTool\",\"timestamp\":\"2026-12-06T03:00:00Z\","
                    + "\"tool_name\":\"replace\",\"tool_input\":{\"file_path\":\""
                    + f
                    + "\",\"old_string\":\"a\","
                    + "\"new_string\":\"b\"}}",
            out ->
                out.path("decision").asText().equals("deny") ? out.path("reason").asText() : null));
  }

  @BeforeEach
  void start() throws Exception {
    project = Files.createDirectories(dir.resolve("p").resolve("src")).getParent();
    mesh = LockMesh.start(dir.resolve("d"));
    data = mesh.data;
    hooks = mesh.hooks;
    alice = mesh.register("alice", project);
    bob = mesh.register("bob", project);
    mesh.session(ProcessHandle.current().pid(), bob);
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void anotherPeersLockIsRefusedWithWhoWhyHowLongAndHowToAsk(Client client) throws Exception {
    String file = project.resolve("src/a.txt").toString();
    lock(alice, file, "refactoring the parser", 10);

    ShellHooks.Result r = hook(client, client.id().equals("codex") ? "src/a.txt" : file);

    assertThat(r.exit()).isZero();
    assertThat(r.err()).isEmpty();
    String reason = client.refusal().apply(Json.MAPPER.readTree(r.out()));
    assertThat(reason)
        .as(r + "; mirror: " + Files.readString(data.resolve("locks.tsv")))
        .isNotNull()
        .contains(file + " is locked by alice, peer " + alice)
        .contains("reason: refactoring the parser")
        .containsPattern("expires in (9|10) minutes")
        .contains(
            "mesh_send {\"to\":\""
                + alice
                + "\",\"message\":\"May I edit "
                + file
                + "? You hold its lock.\"}");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void ownLocksAndUnlockedFilesPass(Client client) throws Exception {
    String mine = project.resolve("src/mine.txt").toString();
    lock(bob, mine, "mine", 10);
    lock(alice, project.resolve("src/other.txt").toString(), "", 10);

    assertPasses(hook(client, mine));
    assertPasses(hook(client, project.resolve("src/free.txt").toString()));
  }

  @Test
  void anExpiredLockNoLongerRefuses() throws Exception {
    Client claude = clients().findFirst().orElseThrow();
    String file = project.resolve("src/soon.txt").toString();
    long expires = System.currentTimeMillis() + 3_000;
    lock(alice, file, "short", 0.05);
    assertThat(claude.refusal().apply(Json.MAPPER.readTree(hook(claude, file).out())))
        .contains("alice");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> System.currentTimeMillis() > expires + 1_100);
    assertPasses(hook(claude, file));
  }

  @Test
  void aRelativeOrUntidyPathIsNormalizedAsTheBrokerDoes() throws Exception {
    Client claude = clients().findFirst().orElseThrow();
    String file = project.resolve("src/a.txt").toString();
    lock(alice, file, "", 10);

    assertThat(hook(claude, "src/../src/./a.txt").out()).contains("locked by alice");
    assertThat(hook(claude, project + "//src/x/../a.txt").out()).contains("locked by alice");
  }

  @Test
  void aPatchCodexAppliesFromTheShellIsCheckedLikeItsPatchTool() throws Exception {
    String file = project.resolve("src/a.txt").toString();
    lock(alice, file, "", 10);
    String patch =
        "{\"session_id\":\"s1\",\"cwd\":\""
            + project
            + "\",\"hook_event_name\":\"PreToolUse\","
            + "\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"apply_patch <<'PATCH'\\n*** Begin Patch\\n"
            + "*** Update File: %s\\n@@\\n-a\\n+b\\n*** End Patch\\nPATCH\\n\"}}";

    ShellHooks.Result refused =
        ShellHooks.run(
            hooks.resolve("lock-guard"),
            List.of("codex"),
            patch.formatted("src/a.txt"),
            env(),
            project);
    assertThat(refused.out())
        .contains("\"permissionDecision\":\"deny\"")
        .contains("locked by alice");
    assertPasses(
        ShellHooks.run(
            hooks.resolve("lock-guard"),
            List.of("codex"),
            patch.formatted("src/b.txt"),
            env(),
            project));
  }

  @Test
  void withNoBrokerEveryEditPasses() throws Exception {
    Client claude = clients().findFirst().orElseThrow();
    String file = project.resolve("src/a.txt").toString();
    lock(alice, file, "", 10);
    String mirror = Files.readString(data.resolve("locks.tsv"));

    mesh.close();
    assertThat(data.resolve("locks.tsv")).doesNotExist();
    assertPasses(hook(claude, file));

    // a broker that died without cleaning up: mirror and pid file left behind
    Files.writeString(data.resolve("locks.tsv"), mirror);
    Files.writeString(data.resolve("broker.pid"), Long.toString(LockMesh.deadPid()));
    assertPasses(hook(claude, file));
  }

  @Test
  void badInputUnknownToolsAndMissingOrDeadSessionsPassSilently() throws Exception {
    Client claude = clients().findFirst().orElseThrow();
    String file = project.resolve("src/a.txt").toString();
    lock(alice, file, "", 10);
    for (String input :
        List.of(
            "",
            "not json",
            "{\"tool_name\":\"Edit\",\"tool_input\":{\"file_path\":",
            "[1,2]",
            "{\"tool_name\":\"Edit\"}",
            "{\"tool_name\":\"Read\",\"tool_input\":{\"file_path\":\"" + file + "\"}}",
            "{\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"echo > " + file + "\"}}",
            "{\"tool_name\":\"Edit\",\"cwd\":\"relative\",\"tool_input\":{\"file_path\":\"a.txt\"}}")) {
      assertPasses(
          ShellHooks.run(
              hooks.resolve("lock-guard"), List.of("claude-code"), input, env(), project));
    }
    for (String client : List.of("claude-code", "no-such-client", "")) {
      ShellHooks.Result r =
          ShellHooks.run(
              hooks.resolve("lock-guard"), List.of(client), "\0\1garbage", env(), project);
      assertPasses(r);
    }

    Path session = data.resolve("sessions").resolve(Long.toString(ProcessHandle.current().pid()));
    Files.writeString(session.resolve("peer"), bob + "\n" + LockMesh.deadPid() + "\n");
    assertPasses(hook(claude, file));
    FileTrees.delete(session);
    assertPasses(hook(claude, file));
  }

  @Test
  void theMirrorFollowsLocksRenewalsAndPeersThatLeave() throws Exception {
    String file = project.resolve("src/a.txt").toString();
    lock(alice, file, "first", 10);
    lock(alice, file, "", 30);
    Path mirror = data.resolve("locks.tsv");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              String line =
                  Files.readString(mirror)
                      .lines()
                      .filter(l -> l.startsWith(file + "\t"))
                      .findFirst()
                      .orElse("");
              return !line.isEmpty()
                  && Long.parseLong(line.split("\t")[2]) > System.currentTimeMillis() + 20 * 60_000;
            });
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(mirror)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(mirror))
        .contains(file + "\t" + alice + "\t")
        .contains("\talice\tfirst\n");

    assertThat(mesh.http.call("/unregister", "peerId", alice).ok()).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> !Files.readString(mirror).contains(file));
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private ShellHooks.Result hook(Client client, String file)
      throws IOException, InterruptedException {
    String input = client.input().apply(file).replace("%CWD%", project.toString());
    return ShellHooks.run(hooks.resolve("lock-guard"), List.of(client.id()), input, env(), project);
  }

  private Map<String, String> env() {
    return Map.of("SLM_MESH_DATA_DIR", data.toString());
  }

  private static void assertPasses(ShellHooks.Result r) {
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).as(r.toString()).isEmpty();
    assertThat(r.err()).as(r.toString()).isEmpty();
  }

  private void lock(String peer, String file, String reason, double ttlMinutes) {
    mesh.lock(peer, file, reason, ttlMinutes);
  }
}
