package dev.slmmesh.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.wire.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** The push reader yields the same JSON lines however the bytes are split into reads. */
class NdjsonReaderPropertyTest {

  @Property(tries = 300)
  void anySplitOfTheBytesYieldsTheSameLines(
      @ForAll @Size(max = 20) List<@StringLength(max = 40) String> texts,
      @ForAll @Size(max = 30) List<@IntRange(min = 1, max = 64) Integer> cuts) {
    StringBuilder stream = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (String text : texts) {
      String line = Json.write(java.util.Map.of("text", text));
      expected.add(line);
      stream.append(line).append('\n');
      stream.append("not json at all ü\n"); // skipped, whatever the split
    }
    byte[] bytes = stream.toString().getBytes(StandardCharsets.UTF_8);

    NdjsonReader reader = new NdjsonReader("property");
    List<JsonNode> got = new ArrayList<>();
    int at = 0;
    for (int i = 0; at < bytes.length; i++) {
      int size = cuts.isEmpty() ? bytes.length : cuts.get(i % cuts.size());
      int end = Math.min(bytes.length, at + size);
      reader.feed(ByteBuffer.wrap(bytes, at, end - at), got::add);
      at = end;
    }

    assertThat(got).extracting(JsonNode::toString).containsExactlyElementsOf(expected);
  }
}
