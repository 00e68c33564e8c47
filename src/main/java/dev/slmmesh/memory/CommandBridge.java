package dev.slmmesh.memory;

import dev.slmmesh.config.MemorySettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * SuperLocalMemory through its command line: {@code slm remember <text>} and {@code slm recall
 * <query>}, each one process with an argument vector (no shell) and a time limit. Output goes to
 * temporary files, so a command that writes much and never ends cannot block us on a full pipe; a
 * command over its time is killed with its children.
 */
final class CommandBridge implements MemoryBridge {
  static final int MAX_OUTPUT = 64 * 1024;
  static final int MAX_LINE = 2000;

  private final Path command;
  private final String setting;
  private final Duration timeout;

  CommandBridge(Path command, String setting, Duration timeout) {
    this.command = command;
    this.setting = setting;
    this.timeout = timeout;
  }

  @Override
  public String describe() {
    return "slm command " + command;
  }

  @Override
  public String setting() {
    return setting;
  }

  @Override
  public void remember(String text) throws MemoryException {
    run("remember", text);
  }

  @Override
  public List<String> recall(String query, int limit) throws MemoryException {
    String out = run("recall", query);
    List<String> lines = new ArrayList<>();
    for (String line : out.split("\r?\n")) {
      String t = line.strip();
      if (!t.isEmpty() && lines.size() < limit) {
        lines.add(t.length() > MAX_LINE ? t.substring(0, MAX_LINE) + "…" : t);
      }
    }
    return lines;
  }

  private String run(String verb, String argument) throws MemoryException {
    Path out = null;
    Path err = null;
    Process p = null;
    try {
      out = Files.createTempFile("slm-mesh-memory-", ".out");
      err = Files.createTempFile("slm-mesh-memory-", ".err");
      p =
          new ProcessBuilder(List.of(command.toString(), verb, argument))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw fail(verb, "did not finish within " + timeout.toMillis() + " ms and was stopped");
      }
      if (p.exitValue() != 0) {
        String why = firstLine(read(err));
        throw fail(verb, "exited with status " + p.exitValue() + (why.isEmpty() ? "" : ": " + why));
      }
      return text(verb, out);
    } catch (IOException e) {
      throw fail(verb, "could not be run (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail(verb, "was interrupted");
    } finally {
      if (p != null && p.isAlive()) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
      delete(out);
      delete(err);
    }
  }

  /** The output as text; anything that is not UTF-8 text is refused, not passed on. */
  private String text(String verb, Path file) throws IOException, MemoryException {
    byte[] bytes = read(file);
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      if (s.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
        throw fail(verb, "printed control characters, not text");
      }
      return s;
    } catch (CharacterCodingException e) {
      throw fail(verb, "printed output that is not UTF-8 text");
    }
  }

  private MemoryException fail(String verb, String what) {
    return new MemoryException(
        "SuperLocalMemory command `"
            + command.getFileName()
            + " "
            + verb
            + "` ("
            + command
            + ") "
            + what
            + "; check it, or turn the bridge off with "
            + MemorySettings.MODE
            + "=off");
  }

  private static byte[] read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(MAX_OUTPUT);
    }
  }

  private static String firstLine(byte[] bytes) {
    String s = new String(bytes, StandardCharsets.UTF_8).strip();
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl).strip();
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  private static void delete(@org.jspecify.annotations.Nullable Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a temporary file left behind is harmless
      }
    }
  }
}
