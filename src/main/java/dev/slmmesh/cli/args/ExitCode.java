package dev.slmmesh.cli.args;

/**
 * The documented exit codes of every command (docs/cli.md): scripts may rely on them, so they never
 * change meaning.
 */
public final class ExitCode {
  /** The command did what was asked. */
  public static final int OK = 0;

  /** The broker (or a check, or a config file) refused: {@code ok:false}, a failed check. */
  public static final int REFUSED = 1;

  /** The command line was wrong: unknown command or option, missing or bad argument. */
  public static final int USAGE = 2;

  /** No broker answered: not running, wrong port, timed out. */
  public static final int UNREACHABLE = 3;

  private ExitCode() {}
}
