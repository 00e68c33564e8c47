package dev.slmmesh.mcp;

import dev.slmmesh.base.ProcFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Looks up processes: {@code /proc/<pid>/stat} and {@code /proc/<pid>/cmdline} where there is a
 * {@code /proc} (Linux), else {@code ps -o ppid=,comm=,args= -p <pid>} with a 2 s bound.
 */
final class ProcessLookup {
  private ProcessLookup() {}

  static Optional<ProcessInfo> find(long pid) {
    if (ProcFiles.SYSTEM.available()) {
      return fromProc(pid);
    }
    return fromPs(pid);
  }

  static Optional<ProcessInfo> fromProc(long pid) {
    Optional<byte[]> stat = ProcFiles.SYSTEM.read(pid, "stat");
    Optional<byte[]> cmdline = ProcFiles.SYSTEM.read(pid, "cmdline");
    if (stat.isEmpty() || cmdline.isEmpty()) {
      return Optional.empty();
    }
    try {
      return parseStat(pid, new String(stat.get(), StandardCharsets.UTF_8), cmdline.get());
    } catch (RuntimeException e) {
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
    return Optional.of(
        new ProcessInfo(pid, ppid, stat.substring(open + 1, close), ProcFiles.splitNul(cmdline)));
  }

  private static Optional<ProcessInfo> fromPs(long pid) {
    try {
      Process ps =
          new ProcessBuilder("ps", "-o", "ppid=,comm=,args=", "-p", Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      ps.getOutputStream().close();
      byte[] out = ps.getInputStream().readNBytes(64 * 1024);
      if (!ps.waitFor(2, TimeUnit.SECONDS)) {
        ps.destroyForcibly();
        return Optional.empty();
      }
      return ps.exitValue() == 0
          ? parsePs(pid, new String(out, StandardCharsets.UTF_8))
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
    List<String> args =
        parts.length > 2 ? Arrays.asList(parts).subList(2, parts.length) : List.of();
    return Optional.of(new ProcessInfo(pid, Long.parseLong(parts[0]), parts[1], args));
  }
}
