package dev.slmmesh.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.client.BrokerClient;
import dev.slmmesh.client.HttpMeshApi;
import dev.slmmesh.client.MeshApi;
import dev.slmmesh.config.DataDir;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.LockMesh;
import dev.slmmesh.testkit.MeshHttp;
import dev.slmmesh.testkit.ShellHooks;
import dev.slmmesh.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Automatic edit leases between two agent sessions: each session's edit hook (the real script,
 * under a shell that plays the agent) asks its session's {@link EditLeases} for a short lock, which
 * the real broker grants to the first and refuses to the second; the lease goes when its session
 * does.
 */
class EditLeasesIT {
  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  private LockMesh mesh;
  private Path data;
  private Path project;
  private Path hooks;
  private MeshHttp http;
  private final List<EditLeases> started = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    project = Files.createDirectories(dir.resolve("p"));
    mesh = LockMesh.start(dir.resolve("d"));
    data = mesh.data;
    hooks = mesh.hooks;
    http = mesh.http;
  }

  @AfterEach
  void stop() {
    started.forEach(EditLeases::close);
    mesh.close();
  }

  @Test
  void twoSessionsCannotBothEditOneFileAndTheLeaseEndsWithItsSession() throws Exception {
    String alice = register("alice");
    String bob = register("bob");
    String file = project.resolve("Main.java").toString();

    ShellHooks.Result first = edit(alice, "Main.java");
    assertThat(first.out()).as(first.toString()).isEmpty();
    JsonNode lock = lockOn(file);
    assertThat(lock.path("lockedBy").asText()).isEqualTo(alice);
    assertThat(lock.path("reason").asText()).isEqualTo(EditLeases.REASON);

    ShellHooks.Result second = edit(bob, "Main.java");
    assertThat(second.exit()).isZero();
    assertThat(
            Json.MAPPER
                .readTree(second.out())
                .path("hookSpecificOutput")
                .path("permissionDecisionReason")
                .asText())
        .as(second.toString())
        .contains(file + " is locked by alice, peer " + alice)
        .contains("reason: " + EditLeases.REASON)
        .contains("mesh_send {\"to\":\"" + alice + "\"");

    assertThat(edit(alice, "Main.java").out()).isEmpty(); // its own lease: passes, still alice's
    assertThat(lockOn(file).path("lockedBy").asText()).isEqualTo(alice);

    assertThat(http.call("/unregister", "peerId", alice).ok()).isTrue(); // alice's session ends
    ShellHooks.Result after = edit(bob, "Main.java");
    assertThat(after.out()).as(after.toString()).isEmpty();
    assertThat(lockOn(file).path("lockedBy").asText()).isEqualTo(bob);
  }

  @Test
  void aRefusedLeaseIsAnsweredWithTheHolderAsTheMirrorHasIt() throws Exception {
    String alice = register("alice");
    String bob = register("bob");
    String file = project.resolve("A.java").toString();
    assertThat(
            http.call(
                    "/lock",
                    "action",
                    "lock",
                    "filePath",
                    file,
                    "peerId",
                    alice,
                    "reason",
                    "mine, all mine",
                    "ttlMinutes",
                    10)
                .ok())
        .isTrue();

    EditLeases leases = leases(bob, Files.createDirectories(dir.resolve("s-bob")));
    String[] line = leases.lease(file, false).split("\t", -1);

    assertThat(line).hasSize(5);
    assertThat(line[0]).isEqualTo(file);
    assertThat(line[1]).isEqualTo(alice);
    assertThat(Long.parseLong(line[2])).isGreaterThan(System.currentTimeMillis() + 8 * 60_000);
    assertThat(line[3]).isEqualTo("alice");
    assertThat(line[4]).isEqualTo("mine, all mine\n");
    assertThat(leases.lease(project.resolve("free.java").toString(), false)).isEmpty();
  }

  @Test
  void withoutLeasesTheHookTakesNoLock() throws Exception {
    String bob = register("bob");
    Path gate = dir.resolve("gate");
    Process p = hook("Free.java");
    session(p.pid(), bob, false);
    Files.createFile(gate);
    ShellHooks.Result r = ShellHooks.finish(p);
    assertThat(r.out()).isEmpty();
    assertThat(http.call("/lock", "action", "query").json().path("locks")).isEmpty();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** Runs Claude Code's edit hook for {@code file} in a session of {@code peer} with leases on. */
  private ShellHooks.Result edit(String peer, String file) throws Exception {
    Files.deleteIfExists(dir.resolve("gate"));
    Process p = hook(file);
    Path session = session(p.pid(), peer, true);
    Files.createFile(dir.resolve("gate"));
    ShellHooks.Result r = ShellHooks.finish(p);
    assertThat(r.exit()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(session.resolve("leases")).isEmptyDirectory();
    return r;
  }

  private Process hook(String file) throws Exception {
    Path input = dir.resolve("input-" + System.nanoTime() + ".json");
    Files.writeString(
        input,
        "{\"session_id\":\"s\",\"cwd\":\""
            + project
            + "\",\"hook_event_name\":\"PreToolUse\","
            + "\"tool_name\":\"Write\",\"tool_input\":{\"file_path\":\""
            + file
            + "\",\"content\":\"class X {}\"}}");
    return ShellHooks.underAgent(
        dir.resolve("gate"),
        hooks.resolve("lock-guard"),
        List.of("claude-code"),
        input,
        Map.of("SLM_MESH_DATA_DIR", data.toString()),
        project);
  }

  /**
   * The session directory of agent {@code agentPid}, as its MCP server keeps it, with leases if
   * asked.
   */
  private Path session(long agentPid, String peer, boolean leases) throws Exception {
    Path session = mesh.session(agentPid, peer);
    if (leases) {
      leases(peer, session);
    }
    return session;
  }

  private EditLeases leases(String peer, Path session) {
    MeshApi api =
        new HttpMeshApi(
            new BrokerClient(new DataDir(data), 0, Duration.ofSeconds(5), Duration.ofSeconds(10)));
    EditLeases leases =
        EditLeases.start(
                session,
                new EditLeases.Broker(
                    r -> api.lock(r.by(peer, null)), r -> api.locks(r.by(peer, null))))
            .orElseThrow();
    started.add(leases);
    return leases;
  }

  private JsonNode lockOn(String file) {
    JsonNode locks = http.call("/lock", "action", "query", "filePath", file).json().path("locks");
    assertThat(locks).hasSize(1);
    return locks.get(0);
  }

  private String register(String name) {
    return mesh.register(name, project);
  }
}
