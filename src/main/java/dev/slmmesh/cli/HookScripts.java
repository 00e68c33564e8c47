package dev.slmmesh.cli;

import dev.slmmesh.config.DataDir;
import dev.slmmesh.config.SecureFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The hook scripts shipped in the jar ({@code src/main/resources/hooks/}), copied to {@code <data
 * dir>/hooks/} (owner-only) where the clients' hook entries and the git pre-commit guard run them
 * with {@code sh}. Copied again by every install, so an upgraded jar brings its scripts along.
 */
final class HookScripts {
  /** The lock hooks: the edit guard, the commit guard, their checker and the session lookup. */
  static final List<String> LOCKS = List.of("session.sh", "lock-check.awk", "lock-guard", "commit-guard");

  private HookScripts() {}

  /** Writes {@code names} into the data dir's hooks directory; returns that directory. */
  static Path install(DataDir data, List<String> names) throws IOException {
    Path dir = SecureFiles.ensureDir(data.hooks());
    for (String name : names) {
      SecureFiles.writeAtomically(dir.resolve(name), text(name));
    }
    return dir;
  }

  static String text(String name) throws IOException {
    try (InputStream in = HookScripts.class.getResourceAsStream("/hooks/" + name)) {
      if (in == null) {
        throw new IOException("hook script " + name + " is missing from the jar (src/main/resources/hooks)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
