package dev.slmmesh.cli;

import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.cli.args.OptionSpec;
import dev.slmmesh.wire.MessageApi;
import dev.slmmesh.wire.WireText;
import java.util.List;

/**
 * {@code slm-mesh send <peer> <message...>} and {@code slm-mesh broadcast <message...>} ({@code
 * POST /send}). The message is the remaining words joined by spaces; the sender is {@code cli}
 * unless {@code --from} names a peer (whose credential file is then used).
 */
final class SendCommand implements Command {
  private final boolean broadcast;

  SendCommand(boolean broadcast) {
    this.broadcast = broadcast;
  }

  @Override
  public CommandSpec spec() {
    List<OptionSpec> options =
        List.of(
            OptionSpec.value("--from", "PEER", "send as this peer (name or id); default: cli"),
            OptionSpec.value("--type", "TYPE", "text (default), json, command or alert"));
    if (broadcast) {
      return new CommandSpec(
          "broadcast",
          "send a message to every active peer",
          List.of("broadcast <message...> [--from PEER] [--type TYPE]"),
          "Sends one message to every active peer except the sender. Each recipient gets its\n"
              + "own copy, kept until it is read.",
          options,
          1,
          -1);
    }
    return new CommandSpec(
        "send",
        "send a message to one peer",
        List.of("send <peer> <message...> [--from PEER] [--type TYPE]"),
        "Sends a message to one active peer, given by name (peer-3f0c9a), id, or id prefix.\n"
            + "The message is stored before the broker answers and pushed to the peer's session.",
        options,
        2,
        -1);
  }

  @Override
  public int run(Invocation call) {
    List<String> args = call.parsed().args();
    PeerDirectory peers = new PeerDirectory(call.api());
    String to = broadcast ? WireText.BROADCAST : peers.resolve(args.get(0));
    String text = String.join(" ", broadcast ? args : args.subList(1, args.size()));
    String from = call.parsed().value("--from").map(peers::resolve).orElse(WireText.CLI_PEER);
    String credential = PeerCredentials.read(call.context().config().files(), from).orElse(null);
    MessageApi.Sent answer =
        call.api()
            .send(
                new MessageApi.Send(
                    from,
                    to,
                    text,
                    call.parsed().value("--type").orElse("text"),
                    credential,
                    null,
                    null));
    if (call.out().json()) {
      call.out().document(answer);
    } else if (broadcast) {
      int n = answer.messageIds() == null ? 0 : answer.messageIds().size();
      call.out().line("Message broadcast to " + Formats.count(n, "peer"));
    } else {
      call.out()
          .line("Message sent to " + peers.nameOf(to) + " (message " + answer.messageId() + ")");
    }
    return ExitCode.OK;
  }
}
