package dev.slmmesh.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A fake SuperLocalMemory command: an executable {@code slm} script in its own directory (put that
 * directory on the PATH). {@code slm remember <text>} appends the text as one line of {@code
 * remembered.txt}; {@code slm recall <query>} prints the lines that contain the query. Other
 * behaviours ({@link #hanging}, {@link #failing}, {@link #garbage}) replace the script.
 */
public final class FakeSlm {
  public final Path dir;
  public final Path command;
  public final Path store;

  private FakeSlm(Path dir, String script) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.command = dir.resolve("slm");
    this.store = dir.resolve("remembered.txt");
    Files.writeString(command, "#!/bin/sh\n" + script, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(command, PosixFilePermissions.fromString("rwx------"));
  }

  /** Remembers and recalls as described above. */
  public static FakeSlm working(Path dir) throws IOException {
    return new FakeSlm(
        dir,
        "store=\"$(dirname \"$0\")/remembered.txt\"\n"
            + "case \"$1\" in\n"
            + "  remember) printf '%s\\n' \"$2\" >> \"$store\" ;;\n"
            + "  recall) [ -f \"$store\" ] && grep -F -- \"$2\" \"$store\" ; exit 0 ;;\n"
            + "  *) echo \"unknown command $1\" >&2; exit 2 ;;\n"
            + "esac\n");
  }

  /** Never finishes (until killed). */
  public static FakeSlm hanging(Path dir) throws IOException {
    return new FakeSlm(dir, "exec sleep 600\n");
  }

  /** Exits with status 3 and a reason on stderr. */
  public static FakeSlm failing(Path dir) throws IOException {
    return new FakeSlm(dir, "echo 'database is locked' >&2\nexit 3\n");
  }

  /** Prints bytes that are not text. */
  public static FakeSlm garbage(Path dir) throws IOException {
    return new FakeSlm(dir, "printf '\\377\\376\\000\\001garbage'\n");
  }

  /** What was remembered so far, one entry a line. */
  public List<String> remembered() throws IOException {
    return Files.exists(store) ? Files.readAllLines(store, StandardCharsets.UTF_8) : List.of();
  }
}
