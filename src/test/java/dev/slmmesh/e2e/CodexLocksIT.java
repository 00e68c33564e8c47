package dev.slmmesh.e2e;

import dev.slmmesh.e2e.FakeModel.Turn;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Locks at the edit (docs/locks.md) in the real Codex: the reviewer holds a lock on src/a.txt; the
 * model patches it, then adds a free file. The {@code PreToolUse} hook that {@code slm-mesh setup
 * codex} installed reads the files out of the patch, refuses the first (the model gets the holder,
 * the reason and the mesh_send to ask) and lets the second through.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("e2e-codex") // one run of this client at a time
class CodexLocksIT extends LockSuite {
  private final ClientSuite client = new CodexIT();

  @Override
  ClientSuite client() {
    return client;
  }

  @Test
  void aPatchOfAFileAnotherAgentLockedIsRefusedAndAFreeOnePasses() throws Exception {
    Path locked = locked();
    Path free = free();
    reviewerLocksTheFile();
    model.script(
        Turn.call("mesh_peers", "{\"scope\":\"machine\"}")
            .after(() -> session.set(box.awaitSession())),
        Turn.call(
            "exec_command",
            "{\"cmd\":"
                + quote(
                    "apply_patch <<'PATCH'\n*** Begin Patch\n*** Update File: src/a.txt\n"
                        + "@@\n-shared file\n+overwritten\n*** End Patch\nPATCH\n")
                + "}"),
        Turn.call(
            "exec_command",
            "{\"cmd\":"
                + quote(
                    "apply_patch <<'PATCH'\n*** Begin Patch\n*** Add File: src/free.txt\n"
                        + "+mine\n*** End Patch\nPATCH\n")
                + "}"),
        Turn.say("patches done"));
    Sandbox.Run run =
        box.run(
            box.work,
            Sandbox.CLIENT_RUN,
            "codex",
            "exec",
            "--skip-git-repo-check",
            "--dangerously-bypass-hook-trust",
            "--dangerously-bypass-approvals-and-sandbox",
            "-c",
            "mcp_servers.slm-mesh.startup_timeout_sec=60",
            "-c",
            "mcp_servers.slm-mesh.required=true",
            "Patch src/a.txt, then add src/free.txt.");
    checkRefusedThenWritten(run, "mine\n");
  }
}
