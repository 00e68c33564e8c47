package dev.slmmesh.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code kB} fields of {@code /proc/<pid>/status} (VmRSS, VmHWM, Threads) and of {@code
 * /proc/<pid>/smaps_rollup} (Pss, Private_Clean, Private_Dirty).
 */
final class ProcStatus {
  private ProcStatus() {}

  static long kib(long pid, String field) throws IOException {
    return field(Path.of("/proc", Long.toString(pid), "status"), field);
  }

  /**
   * The process's proportional set size (each shared page divided by the processes that map it), in
   * KiB: what it adds to the machine's memory, shared libraries and archives counted once.
   */
  static long pssKib(long pid) throws IOException {
    return field(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss");
  }

  /** Pages only this process maps (private clean + dirty), in KiB: what its exit would free. */
  static long privateKib(long pid) throws IOException {
    Path rollup = Path.of("/proc", Long.toString(pid), "smaps_rollup");
    return field(rollup, "Private_Clean") + field(rollup, "Private_Dirty");
  }

  private static long field(Path file, String field) throws IOException {
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith(field + ":")) {
        String v = line.substring(field.length() + 1).trim();
        return Long.parseLong(v.split("\\s+")[0]);
      }
    }
    throw new IOException("no " + field + " in " + file);
  }
}
