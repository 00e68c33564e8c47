package dev.slmmesh.cli;

import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.config.Config;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The launcher's class-data-sharing training run ({@code slm-mesh cds-train}, docs/cli.md "The
 * launcher"; {@link TrainingRun} runs the roles) and its CLI part: the everyday commands against
 * the broker of {@code config} (the throw-away one the training run started), output discarded, so
 * that the CLI's archive holds the classes those commands load. Writes nothing outside {@code
 * scratch} and the broker's data.
 */
public final class Training {
  private static final List<List<String>> LINES =
      List.of(
          List.of("status"),
          List.of("status", "--json"),
          List.of("peers"),
          List.of("peers", "--json"),
          List.of("send", "nobody", "hello"),
          List.of("broadcast", "hello", "--json"),
          List.of("state", "set", "training", "1"),
          List.of("state", "get", "training"),
          List.of("state", "list"),
          List.of("lock", "list"),
          List.of("events", "--limit", "20"),
          List.of("hook", "claude-code"),
          List.of("hook", "cursor"),
          List.of("doctor"),
          List.of("clean", "--dry-run"),
          List.of("setup", "--all", "--dry-run"),
          List.of("setup", "claude-code", "codex", "--dry-run"),
          List.of("help"),
          List.of("send", "--help"),
          List.of("version"),
          List.of("bogus"));
  private static final String HOOK_INPUT =
      "{\"hook_event_name\":\"UserPromptSubmit\",\"session_id\":\"training\",\"cwd\":\"/\",\"prompt\":\"hi\"}";

  private Training() {}

  /**
   * {@code slm-mesh cds-train --broker <archive> --mcp <archive>}, which bin/slm-mesh runs with the
   * CLI's archive-output flag.
   *
   * @return the exit code
   */
  public static int run(List<String> args, PrintStream err) {
    return TrainingRun.main(args, err);
  }

  /**
   * @param scratch an empty directory that stands in for the home directory
   * @return how many command lines ran
   */
  public static int exercise(Config config, Path scratch) {
    PrintStream sink =
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    for (List<String> line : LINES) {
      Context ctx =
          new Context(
              config,
              scratch,
              scratch,
              scratch,
              new ByteArrayInputStream(HOOK_INPUT.getBytes(StandardCharsets.UTF_8)),
              sink,
              sink,
              new LiveProcesses(),
              () -> ExitCode.OK);
      new Cli(ctx).execute(line.toArray(new String[0]));
    }
    return LINES.size();
  }
}
