package dev.slmmesh.cli;

import dev.slmmesh.cli.args.ArgParser;
import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.cli.args.OptionSpec;
import dev.slmmesh.client.MeshApi;
import dev.slmmesh.wire.Answer;
import dev.slmmesh.wire.StateApi;
import dev.slmmesh.wire.StateEntry;
import dev.slmmesh.wire.Timestamps;
import dev.slmmesh.wire.WireText;
import java.util.List;

/** {@code slm-mesh state get|set|list|delete}: the shared key-value board ({@code POST /state}). */
final class StateCommand implements Command {
  @Override
  public CommandSpec spec() {
    return new CommandSpec(
        "state",
        "get, set, list or delete shared key-value state",
        List.of(
            "state get <key>",
            "state set <key> <value> [--peer-id PEER]",
            "state list",
            "state delete <key>"),
        "Reads and writes the shared key-value board that every session sees. Keys live in\n"
            + "a namespace (default: \"default\"). 'set' records who wrote the value (default: cli).\n"
            + "Values are plain text visible to every token holder: never store secrets here.\n"
            + "get and delete of a key that does not exist fail (exit 1).",
        List.of(
            OptionSpec.value("--namespace", "NS", "namespace of the key (default: default)"),
            OptionSpec.value("--peer-id", "PEER", "set: write as this peer (default: cli)")),
        1,
        3);
  }

  @Override
  public int run(Invocation call) {
    List<String> args = call.parsed().args();
    String action = args.get(0);
    String namespace = call.parsed().value("--namespace").orElse(null);
    MeshApi api = call.api();
    Answer answer;
    boolean missing;
    switch (action) {
      case StateApi.GET:
        expect(args, 2, "state " + action + " <key>");
        StateApi.Entry got = api.stateGet(StateApi.Request.get(namespace, args.get(1)));
        missing = got.entry() == null;
        answer = got;
        break;
      case StateApi.DELETE:
        expect(args, 2, "state " + action + " <key>");
        StateApi.Deleted deleted = api.stateDelete(StateApi.Request.delete(namespace, args.get(1)));
        missing = !deleted.deleted();
        answer = deleted;
        break;
      case StateApi.SET:
        expect(args, 3, "state set <key> <value>");
        String writer =
            call.parsed()
                .value("--peer-id")
                .map(new PeerDirectory(api)::resolve)
                .orElse(WireText.CLI_PEER);
        String credential =
            PeerCredentials.read(call.context().config().files(), writer).orElse(null);
        answer =
            api.stateSet(
                StateApi.Request.set(namespace, args.get(1), args.get(2), writer, credential));
        missing = false;
        break;
      case StateApi.LIST:
        expect(args, 1, "state list");
        answer = api.stateList(StateApi.Request.list(namespace));
        missing = false;
        break;
      default:
        throw CliException.usage(
            "state: unknown action \""
                + action
                + "\"; use get, set, list or delete"
                + ArgParser.hint(spec()));
    }
    if (missing) {
      throw CliException.refused(
          "key \""
              + args.get(1)
              + "\" not found in namespace \""
              + (namespace == null ? "default" : namespace)
              + "\"");
    }
    if (call.out().json()) {
      call.out().document(answer);
      return ExitCode.OK;
    }
    print(call.out(), args, answer, new PeerDirectory(api));
    return ExitCode.OK;
  }

  private void expect(List<String> args, int count, String usage) {
    if (args.size() != count) {
      throw CliException.usage("usage: slm-mesh " + usage + ArgParser.hint(spec()));
    }
  }

  private static void print(Output out, List<String> args, Answer answer, PeerDirectory peers) {
    String action = args.get(0);
    switch (action) {
      case StateApi.GET:
        out.line(args.get(1) + " = " + ((StateApi.Entry) answer).entry().value());
        break;
      case StateApi.SET:
        out.line("Set " + args.get(1) + " = " + args.get(2));
        break;
      case StateApi.DELETE:
        out.line("Deleted " + args.get(1));
        break;
      default:
        Table table =
            new Table(List.of("KEY", "VALUE", "UPDATED BY", "UPDATED AT"), 32, 60, 36, 24);
        for (StateEntry e : ((StateApi.Entries) answer).entries()) {
          table.row(e.key(), e.value(), peers.nameOf(e.updatedBy()), Timestamps.iso(e.updatedAt()));
        }
        if (table.isEmpty()) {
          out.line("No state in this namespace");
        } else {
          out.table(table);
        }
    }
  }
}
