package dev.slmmesh.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureFilesTest {

  @TempDir Path dir;

  @Test
  void writesTheWholeTextOwnerOnly() throws Exception {
    Path file = dir.resolve("credential");
    SecureFiles.writeAtomically(file, "one");
    SecureFiles.writeAtomically(file, "two");

    assertThat(Files.readString(file)).isEqualTo("two");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void threadsWritingOneFileNeverShareATempFile() throws Exception {
    Path file = dir.resolve("presence");
    int writers = 6;
    int writes = 40;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String text = ("writer " + w + " ").repeat(200);
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < writes; i++) {
                    SecureFiles.writeAtomically(file, text);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS); // a shared temp name throws here on a lost race
      }
    } finally {
      pool.shutdownNow();
    }

    String last = Files.readString(file);
    assertThat(last).matches("(writer \\d )+").hasSize(200 * "writer 0 ".length());
    assertThat(leftovers()).isEmpty();
  }

  private List<Path> leftovers() throws Exception {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }
}
