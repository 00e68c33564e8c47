package dev.slmmesh.setup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.wire.Json;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Edits a client's JSON settings file as a tree: parses it strictly, applies a change, and writes
 * it back pretty-printed (two-space indent) only when the tree changed; key order and every other
 * entry are kept. A file with comments or trailing commas (JSONC) is refused rather than rewritten
 * without them: the user adds the entry by hand.
 */
final class JsonConfig {
  private static final ObjectMapper LENIENT =
      JsonMapper.builder()
          .enable(
              JsonReadFeature.ALLOW_JAVA_COMMENTS,
              JsonReadFeature.ALLOW_YAML_COMMENTS,
              JsonReadFeature.ALLOW_TRAILING_COMMA)
          .build();
  private static final DefaultPrettyPrinter PRETTY = pretty();

  private JsonConfig() {}

  /** A text edit that applies {@code change} to the file's root object. */
  static UnaryOperator<String> edit(Consumer<ObjectNode> change) {
    return text -> {
      ObjectNode before = parse(text);
      ObjectNode after = before.deepCopy();
      change.accept(after);
      return after.equals(before) && !text.isBlank() ? text : write(after);
    };
  }

  static ObjectNode parse(String text) {
    if (text.isBlank()) {
      return Json.MAPPER.createObjectNode();
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException strict) {
      try {
        LENIENT.readTree(text);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("is not valid JSON (" + e.getOriginalMessage() + ")");
      }
      throw new IllegalArgumentException(
          "has comments or trailing commas, which rewriting would lose");
    }
    if (!(node instanceof ObjectNode)) {
      throw new IllegalArgumentException("does not hold a JSON object at the top");
    }
    return (ObjectNode) node;
  }

  static String write(JsonNode node) {
    try {
      return Json.MAPPER.writer(PRETTY).writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  /** The object under {@code key}, created if absent; refused if something else is there. */
  static ObjectNode object(ObjectNode parent, String key) {
    JsonNode child = parent.get(key);
    if (child == null || child.isNull()) {
      return parent.putObject(key);
    }
    if (!child.isObject()) {
      throw new IllegalArgumentException("has \"" + key + "\" that is not an object");
    }
    return (ObjectNode) child;
  }

  /** The array under {@code key}, created if absent; refused if something else is there. */
  static ArrayNode array(ObjectNode parent, String key) {
    JsonNode child = parent.get(key);
    if (child == null || child.isNull()) {
      return parent.putArray(key);
    }
    if (!child.isArray()) {
      throw new IllegalArgumentException("has \"" + key + "\" that is not an array");
    }
    return (ArrayNode) child;
  }

  private static DefaultPrettyPrinter pretty() {
    DefaultIndenter indent = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter p =
        new DefaultPrettyPrinter(
            Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
    p.indentObjectsWith(indent);
    p.indentArraysWith(indent);
    return p;
  }
}
