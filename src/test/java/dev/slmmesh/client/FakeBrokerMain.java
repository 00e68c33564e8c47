package dev.slmmesh.client;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A broker process for spawn tests: like the real one it takes an exclusive lock on {@code
 * broker.lock} (exiting with 3 when another holds it), then serves {@link FakeBroker} until killed.
 * Each start appends its pid to {@code <data>/launches}.
 */
public final class FakeBrokerMain {
  private FakeBrokerMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path data = Path.of(System.getenv("SLM_MESH_DATA_DIR"));
    Files.writeString(
        data.resolve("launches"),
        ProcessHandle.current().pid() + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    FileChannel ch =
        FileChannel.open(
            data.resolve("broker.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = ch.tryLock();
    if (lock == null) {
      System.err.println("another broker holds the lock");
      System.exit(3);
    }
    Thread.sleep(300); // a real broker takes a moment before it answers
    FakeBroker.start(data);
    Thread.currentThread().join();
  }
}
