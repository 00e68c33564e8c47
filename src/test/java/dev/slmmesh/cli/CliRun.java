package dev.slmmesh.cli;

import dev.slmmesh.config.Config;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs CLI command lines in-process with captured stdout and stderr, a temporary home and an
 * injectable process table and stdin; never the real home, streams or processes unless asked.
 */
final class CliRun {
  /** What one command line printed and returned. */
  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final Config config;
  private final Path home;
  private Path cwd;
  private Path tmp;
  private ProcessTable processes = new LiveProcesses();
  private String stdin = "";
  final AtomicInteger foregroundRuns = new AtomicInteger();

  CliRun(Config config, Path home) {
    this.config = config;
    this.home = home;
    this.cwd = home;
    this.tmp = home;
  }

  CliRun cwd(Path dir) {
    this.cwd = dir;
    return this;
  }

  CliRun tmp(Path dir) {
    this.tmp = dir;
    return this;
  }

  CliRun processes(ProcessTable table) {
    this.processes = table;
    return this;
  }

  CliRun stdin(String text) {
    this.stdin = text;
    return this;
  }

  Result run(String... args) {
    return runInto(new ByteArrayOutputStream(), args);
  }

  /** Runs with stdout going to {@code out}, which another thread may read while it runs. */
  Result runInto(ByteArrayOutputStream out, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Context ctx =
        new Context(
            config,
            home,
            cwd,
            tmp,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            processes,
            () -> {
              foregroundRuns.incrementAndGet();
              return 0;
            });
    int code = new Cli(ctx).execute(args);
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
