package dev.slmmesh.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Reads newline-delimited UTF-8 lines from a byte stream. Lines are assembled as bytes and decoded
 * whole, so a multi-byte character split across reads stays intact. A line longer than the cap is
 * skipped up to its newline and reported by {@link LineTooLongException}; the next call reads the
 * line after it. Not thread-safe: one reader thread per stream.
 */
final class LineReader {
  private final InputStream in;
  private final int maxBytes;
  private final byte[] buffer = new byte[64 * 1024];
  private int start;
  private int end;
  private byte[] line = new byte[1024];
  private int length;

  LineReader(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** Thrown after a line over the cap has been consumed in full. */
  static final class LineTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    LineTooLongException(int maxBytes) {
      super("line longer than " + maxBytes + " bytes skipped");
    }
  }

  /**
   * The next line without its terminator ({@code \n} or {@code \r\n}); a last line without a
   * newline is returned too. Null at end of stream.
   */
  @Nullable String readLine() throws IOException {
    length = 0;
    boolean tooLong = false;
    while (true) {
      if (start == end && !fill()) {
        if (tooLong) {
          throw new LineTooLongException(maxBytes);
        }
        return length == 0 ? null : decode();
      }
      int newline = indexOf((byte) '\n');
      int stop = newline < 0 ? end : newline;
      if (!tooLong) {
        tooLong = !append(stop - start);
      }
      start = newline < 0 ? end : newline + 1;
      if (newline >= 0) {
        if (tooLong) {
          throw new LineTooLongException(maxBytes);
        }
        return decode();
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

  private int indexOf(byte b) {
    for (int i = start; i < end; i++) {
      if (buffer[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private boolean append(int count) {
    if (length + count > maxBytes) {
      length = 0;
      return false;
    }
    if (length + count > line.length) {
      line = Arrays.copyOf(line, Math.min(maxBytes, Math.max(line.length * 2, length + count)));
    }
    System.arraycopy(buffer, start, line, length, count);
    length += count;
    return true;
  }

  private String decode() {
    int n = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
    String text = new String(line, 0, n, StandardCharsets.UTF_8);
    if (line.length > 1024 * 1024) {
      line = new byte[1024];
    }
    return text;
  }
}
