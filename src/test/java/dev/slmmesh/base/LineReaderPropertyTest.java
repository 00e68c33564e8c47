package dev.slmmesh.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** The MCP stdin reader returns the same lines whatever sizes the reads come in. */
class LineReaderPropertyTest {

  @Property(tries = 300)
  void anyReadSizesYieldTheSameLines(
      @ForAll @Size(max = 20)
          List<@StringLength(max = 50) @CharRange(from = ' ', to = '\u00ff') String> lines,
      @ForAll @IntRange(min = 1, max = 17) int readSize,
      @ForAll boolean crlf)
      throws IOException {
    String text = String.join(crlf ? "\r\n" : "\n", lines) + (lines.isEmpty() ? "" : "\n");
    InputStream trickle = new Trickle(text.getBytes(StandardCharsets.UTF_8), readSize);
    LineReader reader = new LineReader(trickle, 1 << 20);
    List<String> got = new ArrayList<>();
    String line;
    while ((line = reader.readLine()) != null) {
      got.add(line);
    }
    assertThat(got).containsExactlyElementsOf(lines);
  }

  /** Hands out at most {@code step} bytes per read. */
  private static final class Trickle extends ByteArrayInputStream {
    private final int step;

    Trickle(byte[] bytes, int step) {
      super(bytes);
      this.step = step;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, step));
    }
  }
}
