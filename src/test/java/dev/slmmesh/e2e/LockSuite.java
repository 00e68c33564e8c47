package dev.slmmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Locks at the edit (docs/locks.md) with a real client: the client's own suite gives the set-up;
 * the reviewer holds a lock on src/a.txt, the model edits it and then a free file. The lock hook
 * that {@code slm-mesh setup} installed must refuse the first edit (the model is told the holder
 * and the reason, the file is unchanged) and let the second through.
 */
abstract class LockSuite extends ClientSuite {
  /** The client's own suite, whose set-up this one reuses. */
  abstract ClientSuite client();

  @Override
  AgentCli cli() {
    return client().cli();
  }

  @Override
  FakeModel model() throws IOException {
    return client().model();
  }

  @Override
  void configure(Sandbox box, FakeModel model) throws IOException {
    client().configure(box, model);
  }

  @Override
  String[] mcpList() {
    return client().mcpList();
  }

  Path locked() {
    return box.work.resolve("src/a.txt");
  }

  Path free() {
    return box.work.resolve("src/free.txt");
  }

  /** The reviewer locks src/a.txt; returns once the lock mirror shows it. */
  void reviewerLocksTheFile() {
    assertThat(
            box.http
                .call(
                    "/lock",
                    "action",
                    "lock",
                    "filePath",
                    locked().toString(),
                    "peerId",
                    box.reviewer,
                    "reason",
                    "reviewing it",
                    "ttlMinutes",
                    10)
                .ok())
        .isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Files.readString(box.data.resolve("locks.tsv"))
                    .contains(locked() + "\t" + box.reviewer));
  }

  /** The locked file is unchanged, the model was told why, and the free file was written. */
  void checkRefusedThenWritten(Sandbox.Run run, String freeContent) {
    assertThat(run.exit()).as(report(run)).isZero();
    assertThat(model.failures()).as(report(run)).isEmpty();
    assertThat(locked()).as(report(run)).content().isEqualTo("shared file\n");
    assertThat(model.lastContext())
        .as(report(run))
        .contains(
            locked() + " is locked by reviewer, peer " + box.reviewer + " (reason: reviewing it)");
    assertThat(free()).as(report(run)).content().isEqualTo(freeContent);
  }
}
