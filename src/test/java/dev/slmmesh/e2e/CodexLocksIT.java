package dev.slmmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slmmesh.e2e.FakeModel.Turn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Locks at the edit (docs/locks.md) in the real Codex: the reviewer holds a lock on src/a.txt;
 * the model patches it, then adds a free file. The {@code PreToolUse} hook that
 * {@code slm-mesh setup codex} installed reads the files out of the patch, refuses the first
 * (the model gets the holder, the reason and the mesh_send to ask) and lets the second through.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("e2e-codex") // one run of this client at a time
class CodexLocksIT extends ClientSuite {
  private final CodexIT codex = new CodexIT();

  @Override
  AgentCli cli() {
    return codex.cli();
  }

  @Override
  FakeModel model() throws IOException {
    return codex.model();
  }

  @Override
  void configure(Sandbox box, FakeModel model) throws IOException {
    codex.configure(box, model);
  }

  @Override
  String[] mcpList() {
    return codex.mcpList();
  }

  @Test
  void aPatchOfAFileAnotherAgentLockedIsRefusedAndAFreeOnePasses() throws Exception {
    Path locked = box.work.resolve("src/a.txt");
    Path free = box.work.resolve("src/free.txt");
    assertThat(box.http.call("/lock", "action", "lock", "filePath", locked.toString(), "peerId", box.reviewer,
        "reason", "reviewing it", "ttlMinutes", 10).ok()).isTrue();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> Files.readString(box.data.resolve("locks.tsv")).contains(locked + "\t" + box.reviewer));
    model.script(
        Turn.call("mesh_peers", "{\"scope\":\"machine\"}").after(() -> session.set(box.awaitSession())),
        Turn.call("exec_command", "{\"cmd\":" + quote("apply_patch <<'PATCH'\n*** Begin Patch\n*** Update File: src/a.txt\n"
            + "@@\n-shared file\n+overwritten\n*** End Patch\nPATCH\n") + "}"),
        Turn.call("exec_command", "{\"cmd\":" + quote("apply_patch <<'PATCH'\n*** Begin Patch\n*** Add File: src/free.txt\n"
            + "+mine\n*** End Patch\nPATCH\n") + "}"),
        Turn.say("patches done"));
    Sandbox.Run run = box.run(box.work, Sandbox.CLIENT_RUN, "codex", "exec", "--skip-git-repo-check",
        "--dangerously-bypass-hook-trust", "--dangerously-bypass-approvals-and-sandbox", 
        "-c", "mcp_servers.slm-mesh.startup_timeout_sec=60", "-c", "mcp_servers.slm-mesh.required=true",
        "Patch src/a.txt, then add src/free.txt.");
    assertThat(run.exit()).as(report(run)).isZero();

    assertThat(model.failures()).as(report(run)).isEmpty();
    assertThat(locked).as(report(run)).content().isEqualTo("shared file\n");
    assertThat(model.lastContext()).as(report(run))
        .contains(locked + " is locked by reviewer, peer " + box.reviewer + " (reason: reviewing it)");
    assertThat(free).as(report(run)).content().isEqualTo("mine\n");
  }
}
