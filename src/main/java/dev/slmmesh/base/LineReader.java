package dev.slmmesh.base;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads newline-delimited UTF-8 lines from a byte stream, each at most {@code maxBytes} long
 * ({@link LineBuffer}). A line longer than the cap is skipped up to its newline and reported by
 * {@link LineTooLongException}; the next call reads the line after it. Not thread-safe: one reader
 * thread per stream.
 */
public final class LineReader {
  private final InputStream in;
  private final LineBuffer line;
  private final byte[] buffer = new byte[64 * 1024];
  private int start;
  private int end;

  public LineReader(InputStream in, int maxBytes) {
    this.in = in;
    this.line = new LineBuffer(maxBytes);
  }

  /** Thrown after a line over the cap has been consumed in full. */
  public static final class LineTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    LineTooLongException(int maxBytes) {
      super("line longer than " + maxBytes + " bytes skipped");
    }
  }

  /**
   * The next line without its terminator ({@code \n} or {@code \r\n}); a last line without a
   * newline is returned too. Null at end of stream.
   */
  public @Nullable String readLine() throws IOException {
    while (true) {
      if (start == end && !fill()) {
        return line.isEmpty() ? null : decode(line.finish());
      }
      int newline = indexOfNewline();
      int stop = newline < 0 ? end : newline;
      line.append(buffer, start, stop - start);
      start = newline < 0 ? end : newline + 1;
      if (newline >= 0) {
        return decode(line.finish());
      }
    }
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    start = 0;
    end = n;
    return true;
  }

  private int indexOfNewline() {
    for (int i = start; i < end; i++) {
      if (buffer[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private String decode(@Nullable ByteBuffer bytes) throws LineTooLongException {
    if (bytes == null) {
      throw new LineTooLongException(line.maxBytes());
    }
    int n = bytes.remaining();
    if (n > 0 && bytes.get(bytes.position() + n - 1) == '\r') {
      n--;
    }
    return new String(bytes.array(), bytes.position(), n, StandardCharsets.UTF_8);
  }
}
