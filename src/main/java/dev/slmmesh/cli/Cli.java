package dev.slmmesh.cli;

import dev.slmmesh.cli.args.ArgParser;
import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.cli.args.Help;
import dev.slmmesh.cli.args.Parsed;
import dev.slmmesh.client.BrokerUnavailableException;
import dev.slmmesh.client.MeshRefusedException;
import dev.slmmesh.config.Config;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The {@code slm-mesh} command line: picks the command, parses its arguments, runs it, and turns
 * every failure into one message and a documented exit code (0 ok, 1 refused, 2 usage, 3 broker
 * unreachable). Commands print through {@link Output} only.
 */
public final class Cli {
  private final Context context;
  private final Map<String, Command> commands;

  Cli(Context context) {
    this.context = context;
    this.commands = Commands.all();
  }

  /**
   * Runs one command line in this process with the real streams, process table and home.
   *
   * @param foregroundBroker runs a broker in this process until it stops ({@code slm-mesh start})
   * @return the exit code
   */
  public static int run(String[] args, Config config, IntSupplier foregroundBroker) {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    String home = config.environment().getOrDefault("HOME", System.getProperty("user.home"));
    Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Context context =
        new Context(
            config,
            Path.of(home),
            cwd,
            tmp,
            System.in,
            out,
            err,
            new LiveProcesses(),
            foregroundBroker);
    int code = new Cli(context).execute(args);
    out.flush();
    err.flush();
    return code;
  }

  int execute(String... args) {
    List<String> tokens = List.of(args);
    boolean json = globalJson(tokens);
    Output out = new Output(context.out(), context.err(), json);
    try {
      return dispatch(tokens, out);
    } catch (CliException e) {
      out.failure(e.getMessage());
      return e.code();
    } catch (MeshRefusedException e) {
      out.failure(e.getMessage()); // the broker's own text, which names the field or rule
      return ExitCode.REFUSED;
    } catch (BrokerUnavailableException e) {
      return unavailable(e, out);
    } catch (UncheckedIOException e) {
      out.failure(e.getCause().getMessage() == null ? e.getMessage() : e.getCause().getMessage());
      return ExitCode.REFUSED;
    }
  }

  private int dispatch(List<String> tokens, Output out) {
    int at = 0;
    boolean help = false;
    while (at < tokens.size() && tokens.get(at).startsWith("-")) {
      String t = tokens.get(at++);
      if (t.equals("-V") || t.equals("--version")) {
        return run(commands.get("version"), List.of(), out);
      } else if (t.equals("-h") || t.equals("--help")) {
        help = true;
      } else if (!t.equals("--json")) {
        throw CliException.usage("unknown option " + t + " (see: slm-mesh --help)");
      }
    }
    if (at == tokens.size()) {
      if (help) {
        Help.overview(commands.values().stream().map(Command::spec).toList())
            .forEach(out.out()::println);
        return ExitCode.OK;
      }
      return run(commands.get("status"), List.of("--start"), out);
    }
    String name = tokens.get(at);
    Command command = commands.get(name);
    if (command == null) {
      throw CliException.usage(
          "unknown command '"
              + name
              + "'. Commands: "
              + String.join(", ", commands.keySet())
              + " (see: slm-mesh --help)");
    }
    List<String> rest = new ArrayList<>(tokens.subList(at + 1, tokens.size()));
    if (help) {
      rest.add("--help");
    }
    return run(command, rest, out);
  }

  private int run(Command command, List<String> rest, Output out) {
    Parsed parsed = ArgParser.parse(command.spec(), rest);
    if (parsed.has(CommandSpec.HELP.name())) {
      Help.of(command.spec()).forEach(out.out()::println);
      return ExitCode.OK;
    }
    return command.run(new Invocation(context, parsed, out));
  }

  /** {@code --json} counts anywhere before a {@code --} that ends the options. */
  private static boolean globalJson(List<String> tokens) {
    for (String t : tokens) {
      if (t.equals("--")) {
        return false;
      }
      if (t.equals("--json")) {
        return true;
      }
    }
    return false;
  }

  /**
   * What a 401 means here: with no token file, no broker runs for this data directory and the one
   * answering on the port belongs to another; otherwise the token file is not that broker's.
   */
  static String tokenRefused(Context ctx) {
    Path token = ctx.config().files().token();
    int port = ctx.client().address().port();
    if (!Files.exists(token)) {
      return "no broker runs for "
          + ctx.config().dataDir()
          + " (it has no "
          + token.getFileName()
          + "); the broker on port "
          + port
          + " belongs to another data directory. Start this one's"
          + " with 'slm-mesh start', or set SLM_MESH_DATA_DIR to the other's";
    }
    return "the broker on port "
        + port
        + " refused the token in "
        + token
        + " (HTTP 401): another"
        + " broker holds the port, or the token file was replaced; 'slm-mesh stop', then start again";
  }

  private int unavailable(BrokerUnavailableException e, Output out) {
    if (e.status() == 401) {
      out.failure(tokenRefused(context));
      return Files.exists(context.config().files().token())
          ? ExitCode.REFUSED
          : ExitCode.UNREACHABLE;
    }
    if (e.status() != 0) {
      out.failure(e.getMessage());
      return ExitCode.REFUSED;
    }
    boolean hub = context.config().mesh().peerUrl() != null || !context.config().loopbackHost();
    out.failure(
        "broker unreachable: "
            + e.getMessage()
            + (hub
                ? ". Check that the hub runs and that SLM_MESH_PEER_URL (or SLM_MESH_HOST) names it."
                : ". Start it with 'slm-mesh start' (an agent session starts it too)."));
    return ExitCode.UNREACHABLE;
  }
}
