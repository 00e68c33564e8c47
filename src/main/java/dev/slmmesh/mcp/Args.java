package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reading the checked arguments of a tool call ({@link ArgumentCheck} has enforced their types).
 */
final class Args {
  private Args() {}

  static @Nullable String text(ObjectNode args, String name) {
    JsonNode v = args.get(name);
    return v == null || !v.isTextual() ? null : v.textValue();
  }

  static String text(ObjectNode args, String name, String fallback) {
    String v = text(args, name);
    return v == null ? fallback : v;
  }

  static boolean isBlank(@Nullable String s) {
    return s == null || s.isBlank();
  }

  static @Nullable Integer integer(ObjectNode args, String name) {
    JsonNode v = args.get(name);
    return v == null || !v.isNumber() ? null : v.asInt();
  }

  /** The strings of an array argument, or null when it is absent. */
  static @Nullable List<String> strings(ObjectNode args, String name) {
    JsonNode array = args.get(name);
    if (array == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
