package dev.slmmesh.base;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the per-process files of Linux's {@code /proc} ({@code cmdline}, {@code environ}, {@code
 * stat}), each at most 1 MiB. Empty where the file cannot be read: the process is gone or another
 * user's, or the system has no {@code /proc}.
 */
public final class ProcFiles {
  /** Longest file read; a longer one is cut. */
  public static final int MAX_BYTES = 1 << 20;

  private final Path root;

  /** The system's {@code /proc}. */
  public static final ProcFiles SYSTEM = new ProcFiles(Path.of("/proc"));

  /** {@code root} stands for {@code /proc} (tests give a directory of their own). */
  public ProcFiles(Path root) {
    this.root = root;
  }

  /** Whether this system has a {@code /proc} with per-process files. */
  public boolean available() {
    return Files.isDirectory(root.resolve("self"));
  }

  /** The raw bytes of {@code /proc/<pid>/<name>}. */
  public Optional<byte[]> read(long pid, String name) {
    try (var in = Files.newInputStream(root.resolve(Long.toString(pid)).resolve(name))) {
      return Optional.of(in.readNBytes(MAX_BYTES));
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** The command line of a process, one element per argument; empty when unreadable. */
  public List<String> argv(long pid) {
    return read(pid, "cmdline").map(ProcFiles::splitNul).orElse(List.of());
  }

  /**
   * NUL-separated fields, as {@code /proc} writes argv and the environment; empty fields dropped.
   */
  public static List<String> splitNul(byte[] bytes) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == 0) {
        if (i > start) {
          out.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
        }
        start = i + 1;
      }
    }
    return out;
  }
}
