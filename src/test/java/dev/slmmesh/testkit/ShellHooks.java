package dev.slmmesh.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shell hooks of {@code src/main/resources/hooks/} as a client does: {@code sh <script>
 * <args>} with the hook input on stdin, capturing the exit code, stdout and stderr.
 */
public final class ShellHooks {
  public static final List<String> SCRIPTS =
      List.of("session.sh", "lock-check.awk", "lock-guard", "commit-guard");

  /** What one run of a hook did. */
  public record Result(int exit, String out, String err) {}

  private ShellHooks() {}

  /** Copies the scripts from the classpath into {@code <dataDir>/hooks}; returns that directory. */
  public static Path install(Path dataDir) throws IOException {
    Path dir = Files.createDirectories(dataDir.resolve("hooks"));
    for (String name : SCRIPTS) {
      try (InputStream in = ShellHooks.class.getResourceAsStream("/hooks/" + name)) {
        if (in == null) {
          throw new IOException("no /hooks/" + name + " on the classpath");
        }
        Files.write(dir.resolve(name), in.readAllBytes());
      }
    }
    return dir;
  }

  /** Runs {@code sh script args} in {@code cwd} with {@code env} added, {@code stdin} as input. */
  public static Result run(
      Path script, List<String> args, String stdin, Map<String, String> env, Path cwd)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("sh", script.toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
    pb.environment().putAll(env);
    return finish(pb.start(), stdin);
  }

  /**
   * Starts {@code sh script args < input} under a shell of its own that waits for {@code gate} to
   * exist: that shell plays the agent client, so a test can create {@code sessions/<pid>} for it
   * (the returned process's pid) before the hook runs, and two hooks can belong to two sessions.
   */
  public static Process underAgent(
      Path gate, Path script, List<String> args, Path input, Map<String, String> env, Path cwd)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "sh",
                "-c",
                "while [ ! -e \"$1\" ]; do sleep 0.01; done; g=$1; i=$2; shift 2; sh \"$@\" < \"$i\"; rc=$?; : \"$g\"; exit $rc",
                "agent",
                gate.toString(),
                input.toString(),
                script.toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Waits (at most 30 s) for a process started by {@link #underAgent}. */
  public static Result finish(Process p) throws IOException, InterruptedException {
    return finish(p, null);
  }

  private static Result finish(Process p, String stdin) throws IOException, InterruptedException {
    CompletableFuture<String> out = read(p.getInputStream());
    CompletableFuture<String> err = read(p.getErrorStream());
    if (stdin != null) {
      try {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // the hook may exit before reading its input; what it did is what the test checks
      }
    }
    p.getOutputStream().close();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("hook still running after 30 s");
    }
    return new Result(p.exitValue(), out.join(), err.join());
  }

  private static CompletableFuture<String> read(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "<unreadable: " + e + ">";
          }
        });
  }
}
