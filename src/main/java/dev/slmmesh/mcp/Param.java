package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.wire.Json;
import java.util.List;

/**
 * One argument of a tool: its JSON type and constraints. The tool's input schema is generated from
 * these, and {@link ArgumentCheck} enforces the same constraints, so the two cannot drift.
 */
record Param(
    String name,
    Kind kind,
    boolean required,
    String description,
    List<String> values,
    int min,
    int max) {

  enum Kind {
    STRING("string"),
    INTEGER("integer"),
    BOOLEAN("boolean"),
    STRING_ARRAY("array"),
    OBJECT("object");

    final String jsonType;

    Kind(String jsonType) {
      this.jsonType = jsonType;
    }
  }

  static final int UNBOUNDED = Integer.MAX_VALUE;

  Param {
    values = List.copyOf(values);
  }

  static Param string(String name, String description) {
    return new Param(name, Kind.STRING, false, description, List.of(), 0, UNBOUNDED);
  }

  static Param choice(String name, String description, String... values) {
    return new Param(name, Kind.STRING, false, description, List.of(values), 0, UNBOUNDED);
  }

  static Param integer(String name, String description, int min, int max) {
    return new Param(name, Kind.INTEGER, false, description, List.of(), min, max);
  }

  static Param bool(String name, String description) {
    return new Param(name, Kind.BOOLEAN, false, description, List.of(), 0, UNBOUNDED);
  }

  static Param strings(String name, String description, int maxItems) {
    return new Param(name, Kind.STRING_ARRAY, false, description, List.of(), 0, maxItems);
  }

  static Param object(String name, String description) {
    return new Param(name, Kind.OBJECT, false, description, List.of(), 0, UNBOUNDED);
  }

  Param mandatory() {
    return new Param(name, kind, true, description, values, min, max);
  }

  /** For strings: length bounds in UTF-16 units, as the original's schemas count. */
  Param length(int minLength, int maxLength) {
    return new Param(name, kind, required, description, values, minLength, maxLength);
  }

  ObjectNode schema() {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("type", kind.jsonType);
    if (!values.isEmpty()) {
      ArrayNode e = s.putArray("enum");
      values.forEach(e::add);
    }
    switch (kind) {
      case STRING:
        if (min > 0) {
          s.put("minLength", min);
        }
        if (max != UNBOUNDED) {
          s.put("maxLength", max);
        }
        break;
      case INTEGER:
        s.put("minimum", min);
        s.put("maximum", max);
        break;
      case STRING_ARRAY:
        s.putObject("items").put("type", "string");
        if (max != UNBOUNDED) {
          s.put("maxItems", max);
        }
        break;
      default:
        break;
    }
    s.put("description", description);
    return s;
  }
}
