package dev.slmmesh.cli.args;

/**
 * A command failed in a way the user should read: the message is printed as one line (or as {@code
 * {"ok":false,"error":...}} with {@code --json}) and the process exits with {@link #code}.
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int code;

  private CliException(int code, String message) {
    super(message);
    this.code = code;
  }

  /** The command line is wrong (exit 2). */
  public static CliException usage(String message) {
    return new CliException(ExitCode.USAGE, message);
  }

  /** The broker or a check refused (exit 1). */
  public static CliException refused(String message) {
    return new CliException(ExitCode.REFUSED, message);
  }

  /** No broker answered (exit 3). */
  public static CliException unreachable(String message) {
    return new CliException(ExitCode.UNREACHABLE, message);
  }

  public int code() {
    return code;
  }
}
