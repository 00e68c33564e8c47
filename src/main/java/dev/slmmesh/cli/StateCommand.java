package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.cli.args.ArgParser;
import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.cli.args.OptionSpec;
import dev.slmmesh.wire.WireText;
import java.util.List;

/** {@code slm-mesh state get|set|list|delete}: the shared key-value board ({@code POST /state}). */
final class StateCommand implements Command {
  @Override
  public CommandSpec spec() {
    return new CommandSpec("state", "get, set, list or delete shared key-value state",
        List.of("state get <key>", "state set <key> <value> [--peer-id PEER]", "state list",
            "state delete <key>"),
        "Reads and writes the shared key-value board that every session sees. Keys live in\n"
            + "a namespace (default: \"default\"). 'set' records who wrote the value (default: cli).\n"
            + "Values are plain text visible to every token holder: never store secrets here.\n"
            + "get and delete of a key that does not exist fail (exit 1).",
        List.of(
            OptionSpec.value("--namespace", "NS", "namespace of the key (default: default)"),
            OptionSpec.value("--peer-id", "PEER", "set: write as this peer (default: cli)")),
        1, 3);
  }

  @Override
  public int run(Invocation call) {
    List<String> args = call.parsed().args();
    String action = args.get(0);
    ObjectNode body = Mesh.body().put("action", action);
    call.parsed().value("--namespace").ifPresent(ns -> body.put("namespace", ns));
    switch (action) {
      case "get":
      case "delete":
        expect(args, 2, "state " + action + " <key>");
        body.put("key", args.get(1));
        break;
      case "set":
        expect(args, 3, "state set <key> <value>");
        String writer = call.parsed().value("--peer-id").map(new PeerDirectory(call.mesh())::resolve)
            .orElse(WireText.CLI_PEER);
        body.put("key", args.get(1)).put("value", args.get(2)).put("peerId", writer);
        PeerCredentials.read(call.context().config().files(), writer).ifPresent(c -> body.put("credential", c));
        break;
      case "list":
        expect(args, 1, "state list");
        break;
      default:
        throw CliException.usage("state: unknown action \"" + action
            + "\"; use get, set, list or delete" + ArgParser.hint(spec()));
    }
    ObjectNode answer = call.mesh().require("/state", body);
    boolean missing = action.equals("get") ? !answer.path("entry").isObject()
        : action.equals("delete") && !answer.path("deleted").asBoolean(true);
    if (missing) {
      throw CliException.refused("key \"" + args.get(1) + "\" not found in namespace \""
          + body.path("namespace").asText("default") + "\"");
    }
    if (call.out().json()) {
      call.out().document(answer);
      return ExitCode.OK;
    }
    print(call.out(), action, args, answer, new PeerDirectory(call.mesh()));
    return ExitCode.OK;
  }

  private void expect(List<String> args, int count, String usage) {
    if (args.size() != count) {
      throw CliException.usage("usage: slm-mesh " + usage + ArgParser.hint(spec()));
    }
  }

  private static void print(Output out, String action, List<String> args, JsonNode answer, PeerDirectory peers) {
    switch (action) {
      case "get":
        out.line(args.get(1) + " = " + answer.path("entry").path("value").asText());
        break;
      case "set":
        out.line("Set " + args.get(1) + " = " + args.get(2));
        break;
      case "delete":
        out.line("Deleted " + args.get(1));
        break;
      default:
        Table table = new Table(List.of("KEY", "VALUE", "UPDATED BY", "UPDATED AT"), 32, 60, 36, 24);
        for (JsonNode e : answer.path("entries")) {
          table.row(e.path("key").asText(), e.path("value").asText(), peers.nameOf(e.path("updatedBy").asText()),
              e.path("updatedAt").asText());
        }
        if (table.isEmpty()) {
          out.line("No state in this namespace");
        } else {
          out.table(table);
        }
    }
  }
}
