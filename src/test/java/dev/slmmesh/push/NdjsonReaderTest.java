package dev.slmmesh.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonReaderTest {

  private final List<JsonNode> lines = new ArrayList<>();

  private static ByteBuffer utf8(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> texts() {
    return lines.stream().map(n -> n.path("t").asText()).toList();
  }

  @Test
  void keepsAMultiByteCharacterSplitBetweenChunks() {
    byte[] bytes = "{\"t\":\"a€😀b\"}\n".getBytes(StandardCharsets.UTF_8);
    NdjsonReader reader = new NdjsonReader("test");
    // split inside the 3-byte euro sign and inside the 4-byte emoji
    int euro = 7;
    int emoji = euro + 3 + 2;
    reader.feed(ByteBuffer.wrap(Arrays.copyOfRange(bytes, 0, euro + 1)), lines::add);
    reader.feed(ByteBuffer.wrap(Arrays.copyOfRange(bytes, euro + 1, emoji)), lines::add);
    reader.feed(ByteBuffer.wrap(Arrays.copyOfRange(bytes, emoji, bytes.length)), lines::add);

    assertThat(texts()).containsExactly("a€😀b");
  }

  @Test
  void survivesOneByteAtATime() {
    byte[] bytes = "{\"t\":\"ü\"}\n{\"t\":\"✓\"}\n".getBytes(StandardCharsets.UTF_8);
    NdjsonReader reader = new NdjsonReader("test");
    for (byte b : bytes) {
      reader.feed(ByteBuffer.wrap(new byte[] {b}), lines::add);
    }
    assertThat(texts()).containsExactly("ü", "✓");
  }

  @Test
  void handsOverManyLinesFromOneChunkInOrder() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      text.append("{\"t\":\"").append(i).append("\"}\n");
    }
    new NdjsonReader("test").feed(utf8(text.toString()), lines::add);

    assertThat(texts()).hasSize(500).startsWith("0", "1").endsWith("498", "499");
  }

  @Test
  void keepsAPartialLineUntilItsNewlineArrives() {
    NdjsonReader reader = new NdjsonReader("test");
    reader.feed(utf8("{\"t\":\"one\"}\n{\"t\":"), lines::add);
    assertThat(texts()).containsExactly("one");

    reader.feed(utf8("\"two\"}\n"), lines::add);
    assertThat(texts()).containsExactly("one", "two");
  }

  @Test
  void discardsOnlyTheOversizedLineAndResyncsAtTheNextNewline() {
    NdjsonReader reader = new NdjsonReader("test");
    String huge = "{\"t\":\"" + "x".repeat(NdjsonReader.MAX_LINE_BYTES) + "\"}";
    reader.feed(utf8("{\"t\":\"before\"}\n" + huge.substring(0, 1000)), lines::add);
    reader.feed(utf8(huge.substring(1000)), lines::add);
    reader.feed(utf8("\n{\"t\":\"after\"}\n"), lines::add);

    assertThat(texts()).containsExactly("before", "after");
    assertThat(reader.oversizedLines()).isEqualTo(1);
  }

  @Test
  void acceptsALineOfExactlyTheCap() {
    NdjsonReader reader = new NdjsonReader("test", 12);
    reader.feed(utf8("{\"t\":\"1234\"}\n{\"t\":\"12345\"}\n{\"t\":\"ok\"}\n"), lines::add);

    assertThat(texts()).containsExactly("1234", "ok");
    assertThat(reader.oversizedLines()).isEqualTo(1);
  }

  @Test
  void skipsBlankInvalidAndNonUtf8Lines() {
    NdjsonReader reader = new NdjsonReader("test");
    reader.feed(utf8("\n   \n{not json}\n{\"t\":\"a\"} trailing\n\r\n"), lines::add);
    reader.feed(ByteBuffer.wrap(new byte[] {'"', (byte) 0xC3, '"', '\n'}), lines::add);
    reader.feed(utf8("  {\"t\":\"kept\"}\r\n"), lines::add);

    assertThat(texts()).containsExactly("kept");
  }
}
