package dev.slmmesh.cli;

import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.cli.args.OptionSpec;
import dev.slmmesh.wire.InboxMessage;
import dev.slmmesh.wire.MeshLimits;
import dev.slmmesh.wire.Message;
import dev.slmmesh.wire.MessageApi;
import dev.slmmesh.wire.Timestamps;
import dev.slmmesh.wire.WireText;
import java.util.List;

/** {@code slm-mesh inbox <peer>}: a peer's messages ({@code POST /messages}; marks them read). */
final class InboxCommand implements Command {
  @Override
  public CommandSpec spec() {
    return new CommandSpec(
        "inbox",
        "read your messages, or a peer's (marks them read)",
        List.of("inbox [peer] [--all] [--from PEER] [--limit N]"),
        "Without a peer, reads your own inbox: the replies agents sent to \"cli\", the person at\n"
            + "the mesh. With a peer (name, id or id prefix), reads that peer's messages as its own\n"
            + "mesh_inbox tool would. Newest first; unread ones are marked read. --all includes\n"
            + "messages read before. A peer that registered with a credential can only be read\n"
            + "with it: its MCP server keeps it in <data>/peers/<peerId>.cred.",
        List.of(
            OptionSpec.flag("--all", "include messages already read"),
            OptionSpec.value("--from", "PEER", "only messages from this sender"),
            OptionSpec.value(
                "--limit", "N", "at most N messages (1.." + MeshLimits.LIST_MAX + ", default 20)")),
        0,
        1);
  }

  @Override
  public int run(Invocation call) {
    PeerDirectory peers = new PeerDirectory(call.api());
    List<String> args = call.parsed().args();
    String peer = args.isEmpty() ? WireText.CLI_PEER : peers.resolve(args.get(0));
    String filter = call.parsed().has("--all") ? "all" : "unread";
    int limit = call.parsed().integer("--limit", 1, MeshLimits.LIST_MAX).orElse(20);
    String from = call.parsed().value("--from").map(peers::resolve).orElse(null);
    String credential = PeerCredentials.read(call.context().config().files(), peer).orElse(null);
    MessageApi.Messages answer =
        call.api().messages(new MessageApi.Inbox(peer, credential, filter, from, limit));
    if (call.out().json()) {
      call.out().document(answer);
      return ExitCode.OK;
    }
    // full ids: they are time-ordered, so any prefix is the same for messages sent close together
    Table table =
        new Table(List.of("", "ID", "FROM", "TYPE", "SENT", "MESSAGE"), 1, 36, 24, 7, 24, 80);
    for (InboxMessage shown : answer.messages()) {
      Message m = shown.message();
      table.row(
          m.readAt() == null ? "*" : "",
          m.id(),
          shown.fromName() != null ? shown.fromName() : peers.nameOf(m.fromPeer()),
          m.type(),
          Timestamps.iso(m.createdAt()),
          m.payload());
    }
    if (table.isEmpty()) {
      call.out().line(call.parsed().has("--all") ? "No messages" : "No unread messages");
    } else {
      call.out().table(table);
    }
    return ExitCode.OK;
  }
}
