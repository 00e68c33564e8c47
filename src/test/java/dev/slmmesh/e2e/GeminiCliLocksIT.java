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
 * Locks at the edit (docs/locks.md) in the real Gemini CLI: the reviewer holds a lock on
 * src/a.txt; the model writes it, then a free file. The {@code BeforeTool} hook that
 * {@code slm-mesh setup gemini-cli} installed refuses the first write (the model gets the holder,
 * the reason and the mesh_send to ask) and lets the second through.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("e2e-gemini-cli") // one run of this client at a time
class GeminiCliLocksIT extends ClientSuite {
  private final GeminiCliIT gemini = new GeminiCliIT();

  @Override
  AgentCli cli() {
    return gemini.cli();
  }

  @Override
  FakeModel model() throws IOException {
    return gemini.model();
  }

  @Override
  void configure(Sandbox box, FakeModel model) throws IOException {
    gemini.configure(box, model);
  }

  @Override
  String[] mcpList() {
    return gemini.mcpList();
  }

  @Test
  void aWriteOfAFileAnotherAgentLockedIsRefusedAndAFreeOnePasses() throws Exception {
    Path locked = box.work.resolve("src/a.txt");
    Path free = box.work.resolve("src/free.txt");
    assertThat(box.http.call("/lock", "action", "lock", "filePath", locked.toString(), "peerId", box.reviewer,
        "reason", "reviewing it", "ttlMinutes", 10).ok()).isTrue();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> Files.readString(box.data.resolve("locks.tsv")).contains(locked + "\t" + box.reviewer));
    model.script(
        Turn.call("mesh_peers", "{\"scope\":\"machine\"}").after(() -> session.set(box.awaitSession())),
        Turn.call("write_file", "{\"file_path\":" + quote(locked.toString()) + ",\"content\":\"overwritten\\n\"}"),
        Turn.call("write_file", "{\"file_path\":" + quote(free.toString()) + ",\"content\":\"mine\\n\"}"),
        Turn.say("writes done"));
    Sandbox.Run run = box.run(box.work, Sandbox.CLIENT_RUN, "gemini", "-m", "gemini-2.5-flash",
        "--approval-mode", "yolo", "-p", "Write src/a.txt, then src/free.txt.");
    assertThat(run.exit()).as(report(run)).isZero();

    assertThat(model.failures()).as(report(run)).isEmpty();
    assertThat(locked).as(report(run)).content().isEqualTo("shared file\n");
    assertThat(model.lastContext()).as(report(run))
        .contains(locked + " is locked by reviewer, peer " + box.reviewer + " (reason: reviewing it)");
    assertThat(free).as(report(run)).content().isEqualTo("mine\n");
  }
}
