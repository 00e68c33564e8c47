package dev.slmmesh.mcp;

import dev.slmmesh.config.SecureFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * The log file that every MCP server of a data directory appends to, {@code <data>/mcp.log} (mode
 * 0600), each line prefixed with the server's PID. When it passes {@link #MAX_BYTES} it is renamed
 * to {@code mcp.log.1} (replacing the older one) and a new file is started, so the two together
 * stay near twice that size however many sessions write. If the file cannot be written, one warning
 * says so on stderr and log lines are dropped from then on.
 */
final class SessionLog {
  static final long MAX_BYTES = 1024 * 1024;

  private final Path file;
  private final long maxBytes;
  private final byte[] prefix;
  private final PrintStream problems;
  private @Nullable FileChannel channel;
  private boolean failed;

  SessionLog(Path file, long maxBytes, long pid, PrintStream problems) {
    this.file = file;
    this.maxBytes = maxBytes;
    this.prefix = ("[" + pid + "] ").getBytes(StandardCharsets.UTF_8);
    this.problems = problems;
  }

  Path file() {
    return file;
  }

  synchronized void append(byte[] line) {
    if (failed) {
      return;
    }
    try {
      FileChannel ch = open();
      ByteBuffer out =
          ByteBuffer.allocate(prefix.length + line.length).put(prefix).put(line).flip();
      while (out.hasRemaining()) {
        ch.write(out);
      }
    } catch (IOException | RuntimeException e) {
      failed = true;
      problems.println(
          "slm-mesh: cannot write the MCP server log "
              + file
              + " ("
              + e
              + "); its lines are dropped. Set SLM_MESH_MCP_LOG=stderr to see them on stderr.");
    }
  }

  private FileChannel open() throws IOException {
    FileChannel ch = channel;
    if (ch != null && ch.size() < maxBytes) {
      return ch;
    }
    if (ch != null) {
      ch.close();
      rotate();
    }
    SecureFiles.ensureDir(file.getParent());
    SecureFiles.ensureFile(file);
    ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    channel = ch;
    return ch;
  }

  /** Moves a full file aside; another server may have done it already, leaving a small one. */
  private void rotate() throws IOException {
    if (!Files.exists(file) || Files.size(file) < maxBytes) {
      return;
    }
    Path old = file.resolveSibling(file.getFileName() + ".1");
    try {
      Files.move(file, old, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(file, old, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
