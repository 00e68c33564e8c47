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

/**
 * Locks at the edit (docs/locks.md) in the real Claude Code: the reviewer holds a lock on
 * src/a.txt; the model reads it and tries to edit it, then writes a free file. The lock hook that
 * {@code slm-mesh setup claude-code} installed refuses the edit (the model gets the holder, the
 * reason and the mesh_send to ask) and lets the free write through.
 */
@Execution(ExecutionMode.CONCURRENT)
class ClaudeCodeLocksIT extends ClientSuite {
  private final ClaudeCodeIT claude = new ClaudeCodeIT();

  @Override
  AgentCli cli() {
    return claude.cli();
  }

  @Override
  FakeModel model() throws IOException {
    return claude.model();
  }

  @Override
  void configure(Sandbox box, FakeModel model) {
    claude.configure(box, model);
  }

  @Override
  String[] mcpList() {
    return claude.mcpList();
  }

  @Test
  void anEditOfAFileAnotherAgentLockedIsRefusedAndAFreeOnePasses() throws Exception {
    Path locked = box.work.resolve("src/a.txt");
    Path free = box.work.resolve("src/free.txt");
    assertThat(box.http.call("/lock", "action", "lock", "filePath", locked.toString(), "peerId", box.reviewer,
        "reason", "reviewing it", "ttlMinutes", 10).ok()).isTrue();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> Files.readString(box.data.resolve("locks.tsv")).contains(locked + "\t" + box.reviewer));
    model.script(
        Turn.call("mesh_peers", "{\"scope\":\"machine\"}").after(() -> session.set(box.awaitSession())),
        Turn.call("Read", "{\"file_path\":" + quote(locked.toString()) + "}"),
        Turn.call("Edit", "{\"file_path\":" + quote(locked.toString())
            + ",\"old_string\":\"shared file\",\"new_string\":\"overwritten\"}"),
        Turn.call("Write", "{\"file_path\":" + quote(free.toString()) + ",\"content\":\"mine\\n\"}"),
        Turn.say("edits done"));
    Sandbox.Started run = box.start(box.work, true, "claude", "-p", "--input-format", "stream-json",
        "--output-format", "stream-json", "--verbose", "--allowedTools", "mcp__slm-mesh,Read,Edit,Write");
    run.write("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"Edit src/a.txt, then write src/free.txt.\"}}");
    await().atMost(Sandbox.CLIENT_RUN)
        .until(() -> count(run.stdout(), "\"type\":\"result\"") >= 1 || !run.process().isAlive());
    Sandbox.Run done = run.finish(Duration.ofMinutes(1));
    assertThat(done.exit()).as(report(done)).isZero();

    assertThat(model.failures()).as(report(done)).isEmpty();
    assertThat(locked).as(report(done)).content().isEqualTo("shared file\n");
    assertThat(model.lastContext()).as(report(done))
        .contains(locked + " is locked by reviewer, peer " + box.reviewer + " (reason: reviewing it)")
        .contains("mesh_send {\\\"to\\\":\\\"" + box.reviewer + "\\\"");
    assertThat(free).as(report(done)).content().isEqualTo("mine\n");
  }
}
