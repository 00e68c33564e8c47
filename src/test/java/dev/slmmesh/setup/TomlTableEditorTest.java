package dev.slmmesh.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TomlTableEditorTest {
  private final TomlTableEditor editor = new TomlTableEditor(List.of("mcp_servers", "slm-mesh"));

  private static Map<String, String> keys(String command) {
    Map<String, String> k = new LinkedHashMap<>();
    k.put("command", TomlTableEditor.string(command));
    k.put("args", TomlTableEditor.array(List.of("mcp")));
    return k;
  }

  @Test
  void createsTheTableInAnEmptyFile() {
    assertThat(editor.upsert("", keys("/opt/bin/slm-mesh")))
        .isEqualTo("[mcp_servers.slm-mesh]\ncommand = \"/opt/bin/slm-mesh\"\nargs = [\"mcp\"]\n");
  }

  @Test
  void appendsAfterTheUsersSettingsAndIsIdempotent() {
    String user =
        """
        model = "o3"  # my model
        notify = ["notify-send", "done"]

        [mcp_servers.docs]
        command = "docs-server"
        args = [
          "--port", "[not a header]",
          "x # not a comment",
        ]
        """;
    String once = editor.upsert(user, keys("/b/slm-mesh"));
    assertThat(once)
        .isEqualTo(
            user + "\n[mcp_servers.slm-mesh]\ncommand = \"/b/slm-mesh\"\nargs = [\"mcp\"]\n");
    assertThat(editor.upsert(once, keys("/b/slm-mesh"))).isEqualTo(once);
  }

  @Test
  void replacesOnlyTheManagedKeysAndKeepsTheUsersOthersInPlace() {
    String before =
        """
        [mcp_servers.slm-mesh]
        # started by setup
        command = "/old/slm-mesh"
        startup_timeout_sec = 20
        args = [
          "mcp",
        ]

        [mcp_servers.slm-mesh.tools.mesh_send]
        approval_mode = "approve"

        [profiles.fast]
        model = "mini"
        """;
    String after = editor.upsert(before, keys("/new/slm-mesh"));
    assertThat(after)
        .isEqualTo(
            """
        [mcp_servers.slm-mesh]
        command = "/new/slm-mesh"
        args = ["mcp"]
        # started by setup
        startup_timeout_sec = 20

        [mcp_servers.slm-mesh.tools.mesh_send]
        approval_mode = "approve"

        [profiles.fast]
        model = "mini"
        """);
  }

  @Test
  void aManagedEnvReplacesAnEnvSubtable() {
    String before =
        "[mcp_servers.slm-mesh]\ncommand = \"x\"\n\n[mcp_servers.slm-mesh.env]\nA = \"1\"\n\n[other]\nk = 1\n";
    Map<String, String> k = keys("x");
    k.put("env", TomlTableEditor.inlineTable(Map.of("SLM_MESH_DATA_DIR", "/d")));
    assertThat(editor.upsert(before, k))
        .isEqualTo(
            "[mcp_servers.slm-mesh]\ncommand = \"x\"\nargs = [\"mcp\"]\nenv = { SLM_MESH_DATA_DIR = \"/d\" }\n\n[other]\nk = 1\n");
  }

  @Test
  void removesTheTableWithItsSubtablesAndNothingElse() {
    String before =
        """
        model = "o3"

        [mcp_servers.slm-mesh]
        command = "x"

        [mcp_servers."slm-mesh".env]
        A = "1"

        # the docs server
        [mcp_servers.docs]
        command = "docs"
        """;
    assertThat(editor.remove(before))
        .isEqualTo(
            """
        model = "o3"

        # the docs server
        [mcp_servers.docs]
        command = "docs"
        """);
    assertThat(editor.remove("model = \"o3\"\n")).isEqualTo("model = \"o3\"\n");
  }

  @Test
  void leavesMultiLineStringsAlone() {
    String before = "instructions = \"\"\"\n[mcp_servers.slm-mesh]\ncommand = \"fake\"\n\"\"\"\n";
    assertThat(editor.present(before)).isFalse();
    assertThat(editor.remove(before)).isEqualTo(before);
  }

  @Test
  void refusesDefinitionsItCannotEditSafely() {
    assertThatThrownBy(() -> editor.upsert("mcp_servers.slm-mesh.command = \"x\"\n", keys("y")))
        .hasMessageContaining(
            "line 1 defines [mcp_servers.slm-mesh] with dotted keys or an inline table");
    assertThatThrownBy(
            () -> editor.upsert("[mcp_servers]\nslm-mesh = { command = \"x\" }\n", keys("y")))
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> editor.remove("mcp_servers = { slm-mesh = { command = \"x\" } }\n"))
        .hasMessageContaining("line 1");
  }

  @Test
  void quotesStringsAsTomlBasicStrings() {
    assertThat(TomlTableEditor.string("a\"b\\c\nd")).isEqualTo("\"a\\\"b\\\\c\\u000Ad\"");
    assertThat(TomlTableEditor.inlineTable(Map.of("A B", "v"))).isEqualTo("{ \"A B\" = \"v\" }");
  }
}
