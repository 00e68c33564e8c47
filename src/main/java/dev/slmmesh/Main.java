package dev.slmmesh;

/** Entry point of the one jar: dispatches to the broker daemon, the MCP server or the CLI. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(Launch.run(args));
  }
}
