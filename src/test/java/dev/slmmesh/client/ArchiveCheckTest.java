package dev.slmmesh.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveCheckTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

  private Path maps(String... lines) throws Exception {
    return Files.writeString(dir.resolve("maps"), String.join("\n", lines) + "\n");
  }

  @Test
  void aMappedArchiveIsInUseAndNothingIsSaid() throws Exception {
    Path archive = Files.createFile(dir.resolve("abc-25.0.3.aot"));
    Path maps =
        maps(
            "7f00-7f10 r--p 00000000 08:01 12 /usr/lib/jvm/x/lib/server/libjvm.so",
            "8000-9000 rw-p 00001000 08:01 34 " + archive);
    assertThat(ArchiveCheck.check(archive.toString(), maps, errStream)).isTrue();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(dir.resolve("abc-25.0.3.aot.unusable")).doesNotExist();
  }

  @Test
  void anArchiveTheJvmDidNotMapIsReportedOnceAndMarked() throws Exception {
    Path archive = Files.createFile(dir.resolve("abc-17.0.15.jsa"));
    Path maps = maps("7f00-7f10 r--p 00000000 08:01 12 /usr/lib/jvm/x/lib/server/classes.jsa");
    assertThat(ArchiveCheck.check(archive.toString(), maps, errStream)).isFalse();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("could not be used", archive.toString())
        .hasLineCount(1);
    assertThat(Files.readString(dir.resolve("abc-17.0.15.jsa.unusable"))).contains("did not map");
    err.reset();
    assertThat(ArchiveCheck.check(archive.toString(), maps, errStream)).isFalse();
    assertThat(err.toString(StandardCharsets.UTF_8)).as("said once").isEmpty();
  }

  @Test
  void withoutAnArchiveOrAMapThereIsNothingToCheck() throws Exception {
    Path maps = maps("nothing");
    assertThat(ArchiveCheck.check(null, maps, errStream)).isTrue();
    assertThat(ArchiveCheck.check("none: SLM_MESH_CDS=off", maps, errStream)).isTrue();
    assertThat(ArchiveCheck.check("/x/abc.aot", dir.resolve("no-maps"), errStream)).isTrue();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
