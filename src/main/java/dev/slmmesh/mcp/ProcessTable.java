package dev.slmmesh.mcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Looks up processes: {@code /proc/<pid>/stat} and {@code /proc/<pid>/cmdline} where there is a
 * {@code /proc} (Linux), else {@code ps -o ppid=,comm=,args= -p <pid>} with a 2 s bound.
 */
final class ProcessTable {
  private ProcessTable() {}

  private static final Path PROC = Path.of("/proc");

  static Optional<ProcessInfo> find(long pid) {
    if (Files.isDirectory(PROC.resolve("self"))) {
      return fromProc(pid);
    }
    return fromPs(pid);
  }

  static Optional<ProcessInfo> fromProc(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"),
          StandardCharsets.UTF_8);
      byte[] cmdline = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
      return parseStat(pid, stat, cmdline);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** {@code pid (comm) state ppid ...}; comm may hold spaces and parentheses. */
  static Optional<ProcessInfo> parseStat(long pid, String stat, byte[] cmdline) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) {
      return Optional.empty();
    }
    String[] rest = stat.substring(close + 1).trim().split("\\s+");
    if (rest.length < 2) {
      return Optional.empty();
    }
    long ppid = Long.parseLong(rest[1]);
    List<String> args = new ArrayList<>();
    for (String a : new String(cmdline, StandardCharsets.UTF_8).split("\0")) {
      if (!a.isEmpty()) {
        args.add(a);
      }
    }
    return Optional.of(new ProcessInfo(pid, ppid, stat.substring(open + 1, close), args));
  }

  private static Optional<ProcessInfo> fromPs(long pid) {
    try {
      Process ps = new ProcessBuilder("ps", "-o", "ppid=,comm=,args=", "-p", Long.toString(pid))
          .redirectErrorStream(true)
          .start();
      ps.getOutputStream().close();
      byte[] out = ps.getInputStream().readNBytes(64 * 1024);
      if (!ps.waitFor(2, TimeUnit.SECONDS)) {
        ps.destroyForcibly();
        return Optional.empty();
      }
      return ps.exitValue() == 0 ? parsePs(pid, new String(out, StandardCharsets.UTF_8))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Leading ppid digits, whitespace, the first token as the command, the rest as arguments. */
  static Optional<ProcessInfo> parsePs(long pid, String line) {
    String[] parts = line.trim().split("\\s+");
    if (parts.length < 2 || !parts[0].chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    List<String> args = parts.length > 2
        ? Arrays.asList(parts).subList(2, parts.length) : List.of();
    return Optional.of(new ProcessInfo(pid, Long.parseLong(parts[0]), parts[1], args));
  }
}
