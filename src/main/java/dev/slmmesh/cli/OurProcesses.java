package dev.slmmesh.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Proof that a process is one of ours, from its command line alone: a {@code java} whose program is
 * an {@code slm-mesh*.jar} ({@code -jar}) or the class {@code dev.slmmesh.Main}. Its role is the
 * word that follows: {@code start} (a broker), {@code mcp} or nothing (an MCP server), anything
 * else (a CLI command). A process that merely mentions "slm-mesh" (an editor, {@code tail -f
 * broker.log}, a shell wrapper) is never ours (fixing a defect of the original).
 */
final class OurProcesses {
  static final String MAIN_CLASS = "dev.slmmesh.Main";

  enum Role {
    BROKER,
    MCP_SERVER,
    CLI
  }

  private OurProcesses() {}

  static Optional<Role> role(List<String> argv) {
    if (argv.isEmpty() || !fileName(argv.get(0)).startsWith("java")) {
      return Optional.empty();
    }
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      boolean program =
          (a.equals("-jar") && i + 1 < argv.size() && isOurJar(argv.get(i + 1)))
              || a.equals(MAIN_CLASS);
      if (program) {
        int command = a.equals("-jar") ? i + 2 : i + 1;
        return Optional.of(roleOf(command < argv.size() ? argv.get(command) : ""));
      }
      if (!a.startsWith("-")) {
        return Optional.empty(); // another main class or jar comes first: not ours
      }
      if (a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path")) {
        i++; // skip the class path value
      }
    }
    return Optional.empty();
  }

  private static Role roleOf(String command) {
    switch (command) {
      case "start":
        return Role.BROKER;
      case "":
      case "mcp":
        return Role.MCP_SERVER;
      default:
        return Role.CLI;
    }
  }

  static boolean isOurJar(String path) {
    String name = fileName(path);
    return name.startsWith("slm-mesh") && name.endsWith(".jar");
  }

  /**
   * The data directory a process of ours works on, from its initial environment: {@code
   * SLM_MESH_DATA_DIR}, else {@code $HOME/.slm-mesh}; empty when the environment is unknown.
   */
  static Optional<Path> dataDir(Map<String, String> env) {
    try {
      String dir = env.get("SLM_MESH_DATA_DIR");
      if (dir != null && !dir.isBlank()) {
        return Optional.of(Path.of(dir).toAbsolutePath().normalize());
      }
      String home = env.get("HOME");
      return home == null || home.isBlank()
          ? Optional.empty()
          : Optional.of(Path.of(home, ".slm-mesh").toAbsolutePath().normalize());
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  private static String fileName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
