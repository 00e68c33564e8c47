package dev.slmmesh.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs the installed hook script exactly as a client does: {@code sh <hooks>/slm-mesh-hook <client>
 * <event>} as a child of this JVM (which is the agent: the MCP servers the tests spawn are its
 * children too), the JSON input on stdin, then stdin closed.
 */
final class HookRunner {
  record Result(int code, String out, String err, long millis) {}

  private final Path data;
  private final Path script;

  /** Copies the scripts from the test classpath (the jar's resources) to {@code <data>/hooks}. */
  HookRunner(Path data) throws IOException {
    this.data = data;
    Path dir = Files.createDirectories(data.resolve("hooks"));
    for (String name : List.of("session.sh", "slm-mesh-hook")) {
      try (InputStream in = HookRunner.class.getResourceAsStream("/hooks/" + name)) {
        Files.write(dir.resolve(name), in.readAllBytes());
      }
    }
    this.script = dir.resolve("slm-mesh-hook");
  }

  Result run(String client, String event, @Nullable String stdin) throws Exception {
    return start(client, event, stdin, Map.of()).get(30, TimeUnit.SECONDS);
  }

  /** Starts the hook; the future completes when it exits. */
  CompletableFuture<Result> start(
      String client, String event, @Nullable String stdin, Map<String, String> env)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder("sh", script.toString(), client, event);
    pb.environment().put("SLM_MESH_DATA_DIR", data.toString());
    pb.environment().putAll(env);
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    }
    long start = System.nanoTime();
    Process p = pb.start();
    if (stdin != null) {
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    return p.onExit()
        .thenApply(
            done ->
                new Result(
                    done.exitValue(),
                    out.join(),
                    err.join(),
                    (System.nanoTime() - start) / 1_000_000));
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
