package dev.slmmesh.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The command that agent clients are told to run, as an argument vector: normally the absolute path
 * of {@code bin/slm-mesh} (which the launcher exports as {@code SLM_MESH_LAUNCHER}, and which
 * brings the fast JVM flags and the class-data archive), else {@code bin/slm-mesh} beside the
 * running jar's {@code target/}, else {@code java -jar <jar>}.
 */
final class LauncherCommand {
  private LauncherCommand() {}

  static List<String> resolve(Map<String, String> env, Optional<String> override) {
    if (override.isPresent()) {
      return List.of(Path.of(override.get()).toAbsolutePath().normalize().toString());
    }
    String launcher = env.get("SLM_MESH_LAUNCHER");
    if (launcher != null && !launcher.isBlank() && Files.isExecutable(Path.of(launcher))) {
      return List.of(Path.of(launcher).toAbsolutePath().normalize().toString());
    }
    Path jar = runningJar();
    if (jar != null) {
      Path target = jar.getParent();
      @Nullable Path root = target == null ? null : target.getParent();
      @Nullable Path script = root == null ? null : root.resolve("bin").resolve("slm-mesh");
      if (script != null && Files.isExecutable(script)) {
        return List.of(script.toString());
      }
      return List.of(javaExecutable(), "-jar", jar.toString());
    }
    return List.of(
        javaExecutable(), "-cp", System.getProperty("java.class.path"), OurProcesses.MAIN_CLASS);
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static @Nullable Path runningJar() {
    try {
      CodeSource source = LauncherCommand.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return null;
      }
      Path location = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(location) && location.toString().endsWith(".jar")
          ? location.toAbsolutePath()
          : null;
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return null;
    }
  }
}
