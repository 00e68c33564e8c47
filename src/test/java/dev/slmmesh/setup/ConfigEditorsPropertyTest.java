package dev.slmmesh.setup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The editors {@code setup} uses on the clients' settings files, on arbitrary user files: adding
 * our entry keeps every line of a TOML file and every entry of a JSON file, in order, is
 * idempotent, and removing it again gives the user's file back.
 */
class ConfigEditorsPropertyTest {
  private static final TomlTableEditor TOML =
      new TomlTableEditor(List.of("mcp_servers", "slm-mesh"));

  private static Map<String, String> ours() {
    Map<String, String> k = new LinkedHashMap<>();
    k.put("command", TomlTableEditor.string("/opt/slm-mesh/bin/slm-mesh"));
    k.put("args", TomlTableEditor.array(List.of("mcp")));
    return k;
  }

  @Provide
  Arbitrary<String> tomlFiles() {
    Arbitrary<String> name =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> value =
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20).map(TomlTableEditor::string);
    Arbitrary<String> keyLine = Combinators.combine(name, value).as((k, v) -> k + " = " + v);
    Arbitrary<String> comment =
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20).map(c -> "# " + c);
    Arbitrary<List<String>> body =
        Arbitraries.oneOf(keyLine, comment, Arbitraries.just("")).list().ofMaxSize(5);
    Arbitrary<List<String>> table =
        Combinators.combine(name, body)
            .as(
                (t, lines) -> {
                  List<String> all = new ArrayList<>();
                  all.add("[user_" + t + "]");
                  all.addAll(lines);
                  return all;
                });
    return Combinators.combine(body, table.list().ofMaxSize(4).uniqueElements(l -> l.get(0)))
        .as(
            (top, tables) -> {
              List<String> lines =
                  new ArrayList<>(top.stream().filter(l -> !l.contains(" = ")).toList());
              tables.forEach(lines::addAll);
              return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
            });
  }

  @Property(tries = 300)
  void tomlKeepsEveryUserLineAndRoundTrips(@ForAll("tomlFiles") String user) {
    String once = TOML.upsert(user, ours());
    assertThat(TOML.present(once)).isTrue();
    assertThat(TOML.upsert(once, ours())).as("idempotent").isEqualTo(once);
    List<String> kept = new ArrayList<>(once.lines().toList());
    for (String line :
        user.lines().filter(l -> !l.isBlank()).toList()) { // blank lines may be tidied
      int at = kept.indexOf(line);
      assertThat(at).as("user line kept in order: " + line).isGreaterThanOrEqualTo(0);
      kept = kept.subList(at + 1, kept.size());
    }
    assertThat(TOML.remove(once).lines().filter(l -> !l.isBlank()).toList())
        .isEqualTo(user.lines().filter(l -> !l.isBlank()).toList());
  }

  @Provide
  Arbitrary<ObjectNode> jsonFiles() {
    Arbitrary<String> key =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6);
    Arbitrary<Object> leaf =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(10).map(s -> (Object) s),
            Arbitraries.integers().map(i -> (Object) i),
            Arbitraries.of(true, false).map(b -> (Object) b));
    return Combinators.combine(
            key.list().ofMaxSize(6), leaf.list().ofSize(6), key.list().ofMaxSize(3))
        .as(
            (keys, leaves, servers) -> {
              ObjectNode root = JsonNodeFactory.instance.objectNode();
              for (int i = 0; i < keys.size(); i++) {
                root.putPOJO(keys.get(i), leaves.get(i));
              }
              if (!servers.isEmpty()) {
                ObjectNode mcp = root.putObject("mcpServers");
                servers.forEach(s -> mcp.putObject("user-" + s).put("command", s));
              }
              return (ObjectNode) JsonConfig.parse(JsonConfig.write(root));
            });
  }

  @Property(tries = 300)
  void jsonKeepsEveryOtherEntryAndRoundTrips(@ForAll("jsonFiles") ObjectNode user) {
    String text = JsonConfig.write(user);
    var add =
        JsonConfig.edit(
            root ->
                JsonConfig.object(root, "mcpServers")
                    .putObject("slm-mesh")
                    .put("command", "/opt/slm-mesh"));
    String once = add.apply(text);
    assertThat(add.apply(once)).as("idempotent").isEqualTo(once);
    ObjectNode edited = JsonConfig.parse(once);
    ObjectNode back = edited.deepCopy();
    ObjectNode servers = (ObjectNode) back.get("mcpServers");
    servers.remove("slm-mesh");
    if (servers.isEmpty() && !user.has("mcpServers")) {
      back.remove("mcpServers");
    }
    assertThat(back).isEqualTo(user);
    List<String> userKeys = new ArrayList<>();
    user.fieldNames().forEachRemaining(userKeys::add);
    List<String> editedKeys = new ArrayList<>();
    edited.fieldNames().forEachRemaining(editedKeys::add);
    if (!userKeys.isEmpty()) {
      assertThat(editedKeys).as("key order kept").containsSubsequence(userKeys);
    }
  }
}
