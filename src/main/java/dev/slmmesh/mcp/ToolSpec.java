package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.wire.Json;
import java.util.List;

/** A tool as {@code tools/list} shows it: name, title, description for the model, arguments. */
record ToolSpec(
    String name, String title, String description, boolean readOnly, List<Param> params) {

  ToolSpec {
    params = List.copyOf(params);
  }

  ObjectNode inputSchema() {
    ObjectNode schema = Json.MAPPER.createObjectNode();
    schema.put("type", "object");
    ObjectNode props = schema.putObject("properties");
    ArrayNode required = Json.MAPPER.createArrayNode();
    for (Param p : params) {
      props.set(p.name(), p.schema());
      if (p.required()) {
        required.add(p.name());
      }
    }
    if (!required.isEmpty()) {
      schema.set("required", required);
    }
    return schema;
  }

  ObjectNode toJson() {
    ObjectNode tool = Json.MAPPER.createObjectNode();
    tool.put("name", name);
    tool.put("title", title);
    tool.put("description", description);
    tool.set("inputSchema", inputSchema());
    ObjectNode annotations = tool.putObject("annotations");
    annotations.put("title", title);
    annotations.put("readOnlyHint", readOnly);
    annotations.put("destructiveHint", false);
    annotations.put("openWorldHint", false);
    return tool;
  }
}
