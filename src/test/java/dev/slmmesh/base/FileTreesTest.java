package dev.slmmesh.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
  @TempDir Path dir;

  @Test
  void removesADirectoryWithEverythingUnderIt() throws IOException {
    Path root = dir.resolve("root");
    Files.createDirectories(root.resolve("a/b"));
    Files.writeString(root.resolve("a/b/f.txt"), "x");
    Files.writeString(root.resolve("g.txt"), "y");

    FileTrees.delete(root);

    assertThat(root).doesNotExist();
    assertThat(dir).exists();
  }

  @Test
  void aMissingDirectoryIsNothingToDo() throws IOException {
    FileTrees.delete(dir.resolve("never-made"));
    assertThat(dir).isEmptyDirectory();
  }
}
