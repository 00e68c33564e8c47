package dev.slmmesh.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  /** Hands out one byte per read, so every multi-byte character is split across reads. */
  private static InputStream trickle(String text) {
    ByteArrayInputStream all = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    return new InputStream() {
      @Override
      public int read() {
        return all.read();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return all.read(b, off, Math.min(1, len));
      }
    };
  }

  @Test
  void keepsMultiByteCharactersWholeAcrossReads() throws IOException {
    LineReader r = new LineReader(trickle("h\u00e9llo \u4e16\u754c \ud83d\ude00\nnext\n"), 1024);
    assertThat(r.readLine()).isEqualTo("h\u00e9llo \u4e16\u754c \ud83d\ude00");
    assertThat(r.readLine()).isEqualTo("next");
    assertThat(r.readLine()).isNull();
  }

  @Test
  void stripsCarriageReturnsAndReturnsALastLineWithoutNewline() throws IOException {
    LineReader r = new LineReader(trickle("a\r\n\nb"), 1024);
    assertThat(r.readLine()).isEqualTo("a");
    assertThat(r.readLine()).isEmpty();
    assertThat(r.readLine()).isEqualTo("b");
    assertThat(r.readLine()).isNull();
  }

  @Test
  void skipsAnOverlongLineAndReadsTheNextOne() throws IOException {
    String input = "x".repeat(100) + "\nshort\n" + "y".repeat(50);
    LineReader r =
        new LineReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), 20);
    assertThatThrownBy(r::readLine)
        .isInstanceOf(LineReader.LineTooLongException.class)
        .hasMessage("line longer than 20 bytes skipped");
    assertThat(r.readLine()).isEqualTo("short");
    assertThatThrownBy(r::readLine).isInstanceOf(LineReader.LineTooLongException.class);
    assertThat(r.readLine()).isNull();
  }

  @Test
  void acceptsALineOfExactlyTheCap() throws IOException {
    LineReader r = new LineReader(trickle("z".repeat(20) + "\n"), 20);
    assertThat(r.readLine()).hasSize(20);
  }
}
