package dev.slmmesh.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcFilesTest {
  @TempDir Path root;

  @Test
  void readsArgvSplitOnNulAndSkipsEmptyFields() throws IOException {
    Files.createDirectories(root.resolve("42"));
    Files.write(
        root.resolve("42/cmdline"),
        "node\0/usr/bin/claude\0--x y\0\0".getBytes(StandardCharsets.UTF_8));
    ProcFiles proc = new ProcFiles(root);
    assertThat(proc.argv(42)).containsExactly("node", "/usr/bin/claude", "--x y");
  }

  @Test
  void aMissingProcessOrProcIsEmpty() {
    ProcFiles proc = new ProcFiles(root);
    assertThat(proc.available()).isFalse();
    assertThat(proc.read(7, "environ")).isEmpty();
    assertThat(proc.argv(7)).isEmpty();
  }

  @Test
  void aLongFileIsCutAtTheCap() throws IOException {
    Files.createDirectories(root.resolve("1"));
    Files.write(root.resolve("1/environ"), new byte[ProcFiles.MAX_BYTES + 10]);
    assertThat(new ProcFiles(root).read(1, "environ"))
        .get()
        .satisfies(b -> assertThat(b).hasSize(ProcFiles.MAX_BYTES));
  }

  @Test
  void splitNulHandlesEdges() {
    assertThat(ProcFiles.splitNul(new byte[0])).isEmpty();
    assertThat(ProcFiles.splitNul("a".getBytes(StandardCharsets.UTF_8))).containsExactly("a");
    assertThat(ProcFiles.splitNul("\0a\0\0b".getBytes(StandardCharsets.UTF_8)))
        .containsExactly("a", "b");
  }

  @Test
  void thisProcessIsReadableWhereThereIsAProc() {
    if (!ProcFiles.SYSTEM.available()) {
      return; // no /proc on this system: nothing to read
    }
    assertThat(ProcFiles.SYSTEM.argv(ProcessHandle.current().pid())).isNotEmpty();
  }
}
