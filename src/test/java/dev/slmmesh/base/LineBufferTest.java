package dev.slmmesh.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineBufferTest {

  private static String text(ByteBuffer b) {
    return StandardCharsets.UTF_8.decode(b).toString();
  }

  @Test
  void keepsACharacterSplitBetweenAppendsWhole() {
    byte[] bytes = "h\u00e9 \ud83d\ude00".getBytes(StandardCharsets.UTF_8);
    LineBuffer line = new LineBuffer(64);
    for (int i = 0; i < bytes.length; i++) {
      assertThat(line.append(bytes, i, 1)).isFalse();
    }
    assertThat(text(line.finish())).isEqualTo("h\u00e9 \ud83d\ude00");
    assertThat(line.isEmpty()).isTrue();
  }

  @Test
  void aLineOverTheCapIsReportedOnceAndDroppedWhole() {
    LineBuffer line = new LineBuffer(4);
    byte[] abc = "abc".getBytes(StandardCharsets.UTF_8);
    assertThat(line.append(abc, 0, 3)).isFalse();
    assertThat(line.append(abc, 0, 2)).isTrue();
    assertThat(line.append(abc, 0, 3)).isFalse();
    assertThat(line.isEmpty()).isFalse();
    assertThat(line.finish()).isNull();
    assertThat(line.append(abc, 0, 3)).isFalse();
    assertThat(text(line.finish())).isEqualTo("abc");
  }

  @Test
  void exactlyTheCapFits() {
    LineBuffer line = new LineBuffer(3);
    ByteBuffer src = ByteBuffer.wrap("xabcx".getBytes(StandardCharsets.UTF_8));
    assertThat(line.append(src, 1, 4)).isFalse();
    assertThat(src.position()).isZero();
    assertThat(text(line.finish())).isEqualTo("abc");
  }

  @Test
  void anEmptyLineIsEmptyNotDropped() {
    assertThat(new LineBuffer(1).finish())
        .isNotNull()
        .satisfies(b -> assertThat(b.remaining()).isZero());
  }

  @Test
  void rejectsACapBelowOne() {
    assertThatThrownBy(() -> new LineBuffer(0)).hasMessage("maxBytes must be >= 1, got 0");
  }
}
