package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.wire.Json;
import java.util.Iterator;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Validates tool arguments against the tool's {@link Param}s, as the original's SDK did before a
 * handler ran: missing required values, wrong JSON types, values outside an enum, out-of-range
 * integers, strings outside their length bounds. Every tool refuses an argument it does not know (a
 * misspelt {@code ttl} would otherwise be ignored without a word), naming the ones it takes.
 */
final class ArgumentCheck {
  private ArgumentCheck() {}

  /** The known arguments, checked; throws with a message naming the argument and the rule. */
  static ObjectNode check(ToolSpec tool, @Nullable JsonNode arguments)
      throws InvalidArgumentsException {
    if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
      throw invalid(tool, "arguments must be a JSON object");
    }
    if (arguments != null && arguments.isObject()) {
      refuseUnknown(tool, arguments);
    }
    ObjectNode checked = Json.MAPPER.createObjectNode();
    for (Param p : tool.params()) {
      JsonNode value = arguments == null ? null : arguments.get(p.name());
      if (value == null || value.isNull()) {
        if (p.required()) {
          throw invalid(tool, quote(p) + " is required" + choices(p));
        }
        continue;
      }
      checkValue(tool, p, value);
      checked.set(p.name(), value);
    }
    return checked;
  }

  private static void refuseUnknown(ToolSpec tool, JsonNode arguments)
      throws InvalidArgumentsException {
    Iterator<String> names = arguments.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (tool.params().stream().noneMatch(p -> p.name().equals(name))) {
        String known = tool.params().stream().map(p -> p.name()).collect(Collectors.joining(", "));
        throw invalid(
            tool,
            "unknown argument \""
                + name
                + "\" ("
                + (known.isEmpty() ? tool.name() + " takes none" : "it takes " + known)
                + ")");
      }
    }
  }

  private static void checkValue(ToolSpec tool, Param p, JsonNode value)
      throws InvalidArgumentsException {
    switch (p.kind()) {
      case STRING:
        checkString(tool, p, value);
        break;
      case INTEGER:
        if (!value.isNumber()
            || !value.canConvertToExactIntegral()
            || value.asLong() < p.min()
            || value.asLong() > p.max()) {
          throw invalid(
              tool,
              quote(p)
                  + " must be an integer from "
                  + p.min()
                  + " to "
                  + p.max()
                  + ", got "
                  + value);
        }
        break;
      case BOOLEAN:
        if (!value.isBoolean()) {
          throw invalid(tool, quote(p) + " must be true or false, got " + value);
        }
        break;
      case STRING_ARRAY:
        checkStrings(tool, p, value);
        break;
      case OBJECT:
        if (!value.isObject()) {
          throw invalid(tool, quote(p) + " must be a JSON object, got " + value);
        }
        break;
      default:
        throw new IllegalStateException("unhandled kind " + p.kind());
    }
  }

  private static void checkString(ToolSpec tool, Param p, JsonNode value)
      throws InvalidArgumentsException {
    if (!value.isTextual()) {
      throw invalid(tool, quote(p) + " must be a string, got " + value);
    }
    String text = value.textValue();
    if (!p.values().isEmpty() && !p.values().contains(text)) {
      throw invalid(
          tool, quote(p) + " must be one of " + String.join(", ", p.values()) + ", got " + value);
    }
    if (text.length() < p.min()) {
      throw invalid(
          tool,
          quote(p)
              + (p.min() == 1
                  ? " must not be empty"
                  : " must be at least " + p.min() + " characters"));
    }
    if (text.length() > p.max()) {
      throw invalid(
          tool, quote(p) + " must be at most " + p.max() + " characters, got " + text.length());
    }
  }

  private static void checkStrings(ToolSpec tool, Param p, JsonNode value)
      throws InvalidArgumentsException {
    if (!value.isArray()) {
      throw invalid(tool, quote(p) + " must be an array of strings, got " + value);
    }
    if (value.size() > p.max()) {
      throw invalid(
          tool, quote(p) + " must have at most " + p.max() + " items, got " + value.size());
    }
    for (JsonNode item : value) {
      if (!item.isTextual() || item.textValue().isEmpty()) {
        throw invalid(tool, quote(p) + " must contain only non-empty strings, got " + item);
      }
    }
  }

  private static String quote(Param p) {
    return "\"" + p.name() + "\"";
  }

  private static String choices(Param p) {
    return p.values().isEmpty() ? "" : " (one of " + String.join(", ", p.values()) + ")";
  }

  private static InvalidArgumentsException invalid(ToolSpec tool, String problem) {
    return new InvalidArgumentsException("Invalid arguments for " + tool.name() + ": " + problem);
  }
}
