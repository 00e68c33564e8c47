package dev.slmmesh.base;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Assembles one line of bytes at a time, up to a cap. Bytes are kept as bytes until the line ends,
 * so a UTF-8 character split between reads stays whole. A line that grows over the cap is dropped
 * as a whole: the bytes up to its end are ignored and {@link #finish} reports it. Not thread-safe.
 */
public final class LineBuffer {
  private static final int INITIAL_CAPACITY = 512;
  private static final int KEEP_AT_MOST = 1 << 20;

  private final int maxBytes;
  private byte[] line = new byte[INITIAL_CAPACITY];
  private int length;
  private boolean over;

  public LineBuffer(int maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be >= 1, got " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  public int maxBytes() {
    return maxBytes;
  }

  /**
   * Adds {@code count} bytes of {@code src} from {@code offset} to the current line (no newline
   * among them). True when this append made the line go over the cap (reported once per line).
   */
  public boolean append(byte[] src, int offset, int count) {
    if (!makeRoom(count)) {
      return !over && (over = true);
    }
    System.arraycopy(src, offset, line, length, count);
    length += count;
    return false;
  }

  /**
   * As {@link #append(byte[], int, int)}, for bytes {@code [from, to)} of a buffer (its position
   * untouched).
   */
  public boolean append(ByteBuffer src, int from, int to) {
    int count = to - from;
    if (!makeRoom(count)) {
      return !over && (over = true);
    }
    src.get(from, line, length, count);
    length += count;
    return false;
  }

  private boolean makeRoom(int count) {
    if (over || count > maxBytes - length) {
      length = 0;
      return false;
    }
    if (length + count > line.length) {
      line = Arrays.copyOf(line, Math.min(maxBytes, Math.max(line.length * 2, length + count)));
    }
    return true;
  }

  /**
   * Ends the current line and starts the next: its bytes (valid until the next append), or null
   * when it went over the cap and was dropped.
   */
  public @Nullable ByteBuffer finish() {
    byte[] bytes = line;
    int n = length;
    boolean dropped = over;
    length = 0;
    over = false;
    if (bytes.length > KEEP_AT_MOST || dropped) {
      line = new byte[INITIAL_CAPACITY]; // a huge line does not pin its buffer
    }
    return dropped ? null : ByteBuffer.wrap(bytes, 0, n);
  }

  /** Whether nothing has been added since the last {@link #finish}. */
  public boolean isEmpty() {
    return length == 0 && !over;
  }
}
