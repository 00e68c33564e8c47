package dev.slmmesh.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a {@code kB} field (VmRSS, VmHWM) of {@code /proc/<pid>/status}. */
final class ProcStatus {
  private ProcStatus() {}

  static long kib(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(field + ":")) {
        String v = line.substring(field.length() + 1).trim();
        return Long.parseLong(v.split("\\s+")[0]);
      }
    }
    throw new IOException("no " + field + " in /proc/" + pid + "/status");
  }
}
