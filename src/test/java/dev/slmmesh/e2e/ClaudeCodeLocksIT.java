package dev.slmmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slmmesh.e2e.FakeModel.Turn;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Locks at the edit (docs/locks.md) in the real Claude Code: the reviewer holds a lock on
 * src/a.txt; the model reads it and tries to edit it, then writes a free file. The lock hook that
 * {@code slm-mesh setup claude-code} installed refuses the edit (the model gets the holder, the
 * reason and the mesh_send to ask) and lets the free write through.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("e2e-claude-code") // one run of this client at a time
class ClaudeCodeLocksIT extends LockSuite {
  private final ClientSuite client = new ClaudeCodeIT();

  @Override
  ClientSuite client() {
    return client;
  }

  @Test
  void anEditOfAFileAnotherAgentLockedIsRefusedAndAFreeOnePasses() throws Exception {
    Path locked = locked();
    Path free = free();
    reviewerLocksTheFile();
    model.script(
        Turn.call("mesh_peers", "{\"scope\":\"machine\"}")
            .after(() -> session.set(box.awaitSession())),
        Turn.call("Read", "{\"file_path\":" + quote(locked.toString()) + "}"),
        Turn.call(
            "Edit",
            "{\"file_path\":"
                + quote(locked.toString())
                + ",\"old_string\":\"shared file\",\"new_string\":\"overwritten\"}"),
        Turn.call(
            "Write", "{\"file_path\":" + quote(free.toString()) + ",\"content\":\"mine\\n\"}"),
        Turn.say("edits done"));
    Sandbox.Started run =
        box.start(
            box.work,
            true,
            "claude",
            "-p",
            "--input-format",
            "stream-json",
            "--output-format",
            "stream-json",
            "--verbose",
            "--allowedTools",
            "mcp__slm-mesh,Read,Edit,Write");
    run.write(
        "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"Edit src/a.txt, then write src/free.txt.\"}}");
    await()
        .atMost(Sandbox.CLIENT_RUN)
        .until(() -> count(run.stdout(), "\"type\":\"result\"") >= 1 || !run.process().isAlive());
    Sandbox.Run done = run.finish(Duration.ofMinutes(1));
    checkRefusedThenWritten(done, "mine\n");
    assertThat(model.lastContext())
        .as(report(done))
        .contains("mesh_send {\\\"to\\\":\\\"" + box.reviewer + "\\\"");
  }
}
