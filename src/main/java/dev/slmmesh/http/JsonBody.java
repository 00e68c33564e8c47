package dev.slmmesh.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.broker.BrokerException;
import dev.slmmesh.wire.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request body with the original's field rules (docs/wire.md): a required string must be a
 * non-empty string; an optional string, number or boolean of the wrong JSON type counts as absent.
 * Our stricter checks (integer ranges, string arrays) fail with a message naming the field.
 */
final class JsonBody {
  static final JsonBody EMPTY = new JsonBody(JsonNodeFactory.instance.objectNode());
  private final ObjectNode node;

  JsonBody(ObjectNode node) {
    this.node = node;
  }

  /** A non-empty string, or null. */
  @Nullable String required(String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
  }

  /** Any string (empty allowed), or null. */
  @Nullable String optional(String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  String optional(String field, String fallback) {
    String v = optional(field);
    return v == null ? fallback : v;
  }

  /** A finite number, or null. */
  @Nullable Double number(String field) {
    JsonNode v = node.get(field);
    return v != null && v.isNumber() && Double.isFinite(v.asDouble()) ? v.asDouble() : null;
  }

  boolean flag(String field) {
    JsonNode v = node.get(field);
    return v != null && v.isBoolean() && v.asBoolean();
  }

  /** An integer in {@code min..max}, the fallback when absent, an error when out of rule. */
  int integer(String field, int fallback, int min, int max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    double d = v.isNumber() ? v.asDouble() : Double.NaN;
    if (!v.isNumber() || d != Math.rint(d) || d < min || d > max) {
      throw new BrokerException(field + " must be an integer between " + min + " and " + max);
    }
    return (int) d;
  }

  /** An array of strings (absent → empty); anything else is an error naming the field. */
  List<String> strings(String field, int maxItems) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    String rule = field + " must be an array of at most " + maxItems + " strings";
    if (!v.isArray() || v.size() > maxItems) {
      throw new BrokerException(rule);
    }
    List<String> out = new ArrayList<>(v.size());
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw new BrokerException(rule);
      }
      out.add(e.asText());
    }
    return out;
  }

  /** A JSON object field as a map (absent → empty); anything else is an error naming the field. */
  Map<String, Object> object(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw new BrokerException(field + " must be a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = Json.MAPPER.convertValue(v, Map.class);
    return map;
  }

  boolean has(String field) {
    return node.has(field);
  }
}
