package dev.slmmesh.e2e;

import dev.slmmesh.e2e.FakeModel.Turn;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Locks at the edit (docs/locks.md) in the real Gemini CLI: the reviewer holds a lock on src/a.txt;
 * the model writes it, then a free file. The {@code BeforeTool} hook that {@code slm-mesh setup
 * gemini-cli} installed refuses the first write (the model gets the holder, the reason and the
 * mesh_send to ask) and lets the second through.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("e2e-gemini-cli") // one run of this client at a time
class GeminiCliLocksIT extends LockSuite {
  private final ClientSuite client = new GeminiCliIT();

  @Override
  ClientSuite client() {
    return client;
  }

  @Test
  void aWriteOfAFileAnotherAgentLockedIsRefusedAndAFreeOnePasses() throws Exception {
    Path locked = locked();
    Path free = free();
    reviewerLocksTheFile();
    model.script(
        Turn.call("mesh_peers", "{\"scope\":\"machine\"}")
            .after(() -> session.set(box.awaitSession())),
        Turn.call(
            "write_file",
            "{\"file_path\":" + quote(locked.toString()) + ",\"content\":\"overwritten\\n\"}"),
        Turn.call(
            "write_file", "{\"file_path\":" + quote(free.toString()) + ",\"content\":\"mine\\n\"}"),
        Turn.say("writes done"));
    Sandbox.Run run =
        box.run(
            box.work,
            Sandbox.CLIENT_RUN,
            "gemini",
            "-m",
            "gemini-2.5-flash",
            "--approval-mode",
            "yolo",
            "-p",
            "Write src/a.txt, then src/free.txt.");
    checkRefusedThenWritten(run, "mine\n");
  }
}
