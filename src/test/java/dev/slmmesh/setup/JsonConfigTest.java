package dev.slmmesh.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonConfigTest {
  @Test
  void writesTwoSpaceJsonAndKeepsKeyOrder() {
    String out =
        JsonConfig.edit(
                root ->
                    JsonConfig.object(root, "mcpServers")
                        .putObject("x")
                        .putArray("args")
                        .add("mcp"))
            .apply("{\"z\":1,\"a\":{},\"b\":[]}");
    assertThat(out)
        .isEqualTo(
            "{\n  \"z\": 1,\n  \"a\": {},\n  \"b\": [],\n  \"mcpServers\": {\n    \"x\": {\n"
                + "      \"args\": [\n        \"mcp\"\n      ]\n    }\n  }\n}\n");
  }

  @Test
  void leavesTheTextAloneWhenTheTreeDoesNotChange() {
    String user = "{ \"a\" :1 }";
    assertThat(JsonConfig.edit(root -> root.put("a", 1)).apply(user)).isSameAs(user);
  }

  @Test
  void refusesCommentsInvalidJsonAndNonObjects() {
    assertThatThrownBy(() -> JsonConfig.parse("{\n // mine\n \"a\": 1,\n}"))
        .hasMessage("has comments or trailing commas, which rewriting would lose");
    assertThatThrownBy(() -> JsonConfig.parse("{\"a\": "))
        .hasMessageStartingWith("is not valid JSON");
    assertThatThrownBy(() -> JsonConfig.parse("[1]"))
        .hasMessage("does not hold a JSON object at the top");
    assertThatThrownBy(
            () ->
                JsonConfig.edit(root -> JsonConfig.object(root, "mcpServers"))
                    .apply("{\"mcpServers\":[]}"))
        .hasMessage("has \"mcpServers\" that is not an object");
  }
}
