package dev.slmmesh.setup;

import dev.slmmesh.config.DataDir;
import dev.slmmesh.config.SecureFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The hook scripts shipped in the jar ({@code hooks/} resources) and their installed copies in
 * {@code <data>/hooks/}, which the clients run (docs/hooks.md). A copy is rewritten only when its
 * content differs, by rename, so a hook that runs meanwhile reads an old or a new script, never
 * half of one.
 */
public final class HookScripts {
  static final String MAIN = "slm-mesh-hook";

  /**
   * The main hook, the session lookup, and the lock hooks: the edit guard, the commit guard and
   * their checker.
   */
  static final List<String> FILES =
      List.of("session.sh", MAIN, "lock-check.awk", "lock-guard", "commit-guard");

  private HookScripts() {}

  /** The installed main script. */
  public static Path main(DataDir files) {
    return files.hooks().resolve(MAIN);
  }

  /** Installs or refreshes the scripts; returns the main one. */
  public static Path install(DataDir files) throws IOException {
    Path dir = SecureFiles.ensureDir(files.hooks());
    for (String name : FILES) {
      String text = bundled(name);
      Path target = dir.resolve(name);
      if (!Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(text)) {
        SecureFiles.writeAtomically(target, text);
      }
    }
    return main(files);
  }

  public static String bundled(String name) throws IOException {
    try (InputStream in = HookScripts.class.getResourceAsStream("/hooks/" + name)) {
      if (in == null) {
        throw new IOException("hooks/" + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
