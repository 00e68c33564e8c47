package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.cli.args.Help;
import dev.slmmesh.cli.args.OptionSpec;
import dev.slmmesh.cli.args.Parsed;
import dev.slmmesh.config.Config;
import dev.slmmesh.setup.AgentClients;
import dev.slmmesh.setup.ClientDescriptor;
import dev.slmmesh.setup.ClientHome;
import dev.slmmesh.setup.ClientNeeds;
import dev.slmmesh.setup.CommandFiles;
import dev.slmmesh.setup.ConfigFileWriter;
import dev.slmmesh.setup.HookScripts;
import dev.slmmesh.setup.KnownClients;
import dev.slmmesh.setup.SetupTarget;
import dev.slmmesh.setup.ShellLine;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code slm-mesh setup <client>...|--all}: writes SLM Mesh's MCP server entry (and, where the
 * client has them, its hooks) into each client's own settings, idempotently, with a backup of every
 * file it changes; {@code --uninstall} removes exactly those entries.
 */
final class SetupCommand implements Command {
  @Override
  public String name() {
    return "setup";
  }

  @Override
  public CommandSpec spec() {
    return new CommandSpec(
        name(),
        "add SLM Mesh to agent clients (MCP server and hooks)",
        List.of(
            "setup <client>... [--dry-run] [--uninstall] [--no-hooks] [--no-commands] [--command PATH]",
            "setup --all [--dry-run] [--uninstall] [--no-hooks] [--no-commands] [--command PATH]"),
        Help.wrap(
                "Adds the 'slm-mesh' MCP server to the user settings of each client, and the hooks"
                    + " that show new messages, wake idle sessions and report presence where the client has hooks ("
                    + hookSummary()
                    + "). Hooks are small sh scripts copied to <data dir>/hooks (docs/hooks.md)."
                    + " Clients:")
            + "\n"
            + "  "
            + String.join(", ", KnownClients.IDS)
            + "\n"
            + Help.wrap(
                "Where a client reads command files ("
                    + String.join(
                        ", ",
                        KnownClients.ALL.stream()
                            .filter(c -> c.commands() != null)
                            .map(ClientDescriptor::name)
                            .toList())
                    + ") it also gets the slash commands mesh-peers, mesh-send, mesh-lock, mesh-status and"
                    + " mesh-sync (--no-commands: not).")
            + "\n"
            + "--all sets up every client found in the home directory. Running it again changes\n"
            + "nothing; other servers, hooks and settings are kept; each changed file is first\n"
            + "copied to <file>.slm-mesh-backup-<time>. A file with comments is not rewritten: you\n"
            + "get the entry to add by hand. Restart the client (or start a new session) after.",
        List.of(
            OptionSpec.flag("--all", "every client whose settings directory exists"),
            OptionSpec.flag("--dry-run", "show what would change, change nothing"),
            OptionSpec.flag("--uninstall", "remove SLM Mesh's entries instead"),
            OptionSpec.flag("--no-hooks", "only the MCP server entry, no hooks"),
            OptionSpec.flag("--no-commands", "no slash-command files (mesh-peers, mesh-send, ...)"),
            OptionSpec.value(
                "--command", "PATH", "the slm-mesh launcher to register (default: this one)")),
        0,
        -1);
  }

  @Override
  public int run(Invocation call) {
    Context ctx = call.context();
    Parsed p = call.parsed();
    AgentClients clients =
        new AgentClients(
            clientHome(ctx),
            LauncherCommand.resolve(ctx.env(), p.value("--command")),
            serverEnv(ctx),
            HookScripts.main(ctx.config().files()));
    List<String> chosen = choose(p, clients, call.out());
    boolean install = !p.has("--uninstall");
    boolean dryRun = p.has("--dry-run");
    if (install && !dryRun && !p.has("--no-hooks")) {
      try {
        call.out().note("Hook scripts: " + HookScripts.install(ctx.config().files()).getParent());
      } catch (IOException e) {
        throw CliException.refused(
            "cannot install the hook scripts in " + ctx.config().files().hooks() + ": " + e);
      }
    }
    ConfigFileWriter writer = new ConfigFileWriter(Clock.systemUTC());
    CommandFiles commands = new CommandFiles(clients);
    List<Row> rows = new ArrayList<>();
    for (String client : chosen) {
      ClientDescriptor descriptor = KnownClients.get(client);
      for (SetupTarget t : clients.targets(descriptor, install, !p.has("--no-hooks"))) {
        rows.add(apply(writer, t, install, dryRun));
      }
      for (SetupTarget t :
          p.has("--no-commands") ? List.<SetupTarget>of() : commands.targets(descriptor, install)) {
        rows.add(apply(writer, t, install, dryRun));
      }
    }
    report(call.out(), rows, dryRun, install, clients);
    if (install && !dryRun) {
      needs(call.out(), chosen, !p.has("--no-hooks"));
    }
    return rows.stream().anyMatch(r -> r.error != null) ? ExitCode.REFUSED : ExitCode.OK;
  }

  private static List<String> choose(Parsed p, AgentClients clients, Output out) {
    if (!p.has("--all") && p.args().isEmpty()) {
      throw CliException.usage(
          "name the clients to set up ("
              + String.join(", ", KnownClients.IDS)
              + "), or give --all for every client found in your home directory");
    }
    if (p.has("--all") && !p.args().isEmpty()) {
      throw CliException.usage("give client names or --all, not both");
    }
    if (!p.has("--all")) {
      for (String c : p.args()) {
        if (!KnownClients.IDS.contains(c)) {
          throw CliException.usage(
              "unknown client \"" + c + "\"; known: " + String.join(", ", KnownClients.IDS));
        }
      }
      return List.copyOf(new LinkedHashSet<>(p.args()));
    }
    List<String> found = new ArrayList<>();
    for (String c : KnownClients.IDS) {
      if (KnownClients.get(c).installed(clients.home())) {
        found.add(c);
      } else {
        out.note(
            "Skipping "
                + c
                + ": "
                + KnownClients.get(c).settingsDir(clients.home())
                + " does not exist");
      }
    }
    if (found.isEmpty()) {
      throw CliException.refused(
          "no agent client found in this home directory; name one: "
              + String.join(", ", KnownClients.IDS));
    }
    return found;
  }

  /** What the MCP server and hooks must be told: the data dir and port when not the defaults. */
  static Map<String, String> serverEnv(Context ctx) {
    Map<String, String> env = new LinkedHashMap<>();
    Path standard = ctx.home().resolve(".slm-mesh").toAbsolutePath().normalize();
    if (!ctx.config().dataDir().toAbsolutePath().normalize().equals(standard)) {
      env.put("SLM_MESH_DATA_DIR", ctx.config().dataDir().toString());
    }
    if (ctx.config().port() != Config.DEFAULT_PORT) {
      env.put("SLM_MESH_PORT", Integer.toString(ctx.config().port()));
    }
    return env;
  }

  private static Row apply(
      ConfigFileWriter writer, SetupTarget t, boolean install, boolean dryRun) {
    try {
      ConfigFileWriter.Result r = writer.apply(t.file(), t.edit(), install, !install, dryRun);
      return new Row(t, r.action().name().toLowerCase(Locale.ROOT), r.backup(), null);
    } catch (IllegalArgumentException e) {
      return new Row(t, "refused", null, t.file() + " " + e.getMessage());
    } catch (IOException e) {
      return new Row(t, "failed", null, t.file() + ": " + e);
    }
  }

  private static void report(
      Output out, List<Row> rows, boolean dryRun, boolean install, AgentClients clients) {
    if (out.json()) {
      ObjectNode doc =
          Mesh.body().put("ok", rows.stream().allMatch(r -> r.error == null)).put("dryRun", dryRun);
      ArrayNode list = doc.putArray("changes");
      for (Row r : rows) {
        ObjectNode o =
            list.addObject()
                .put("client", r.target.client())
                .put("what", r.target.what())
                .put("file", r.target.file().toString())
                .put("result", r.result);
        o.put("backup", r.backup == null ? null : r.backup.toString());
        if (r.error != null) {
          o.put("error", r.error);
        }
      }
      out.document(doc);
      return;
    }
    Table table = new Table(List.of("CLIENT", "ENTRY", "FILE", "RESULT"), 12, 16, 0, 0);
    rows.forEach(
        r ->
            table.row(
                r.target.client(),
                r.target.what(),
                r.target.file().toString(),
                (dryRun
                            && !r.result.equals("unchanged")
                            && !r.result.equals("absent")
                            && r.error == null
                        ? "would be "
                        : "")
                    + r.result));
    out.table(table);
    for (Row r : rows) {
      if (r.backup != null) {
        out.line("Backup of " + r.target.file() + ": " + r.backup);
      }
      String entry = clients.entryText(KnownClients.get(r.target.client()), r.target);
      if (r.error != null) {
        out.line("Refused: " + r.error + (entry.isEmpty() ? "" : ". Add this by hand:\n" + entry));
      } else if (dryRun && install && !r.result.equals("unchanged") && !entry.isEmpty()) {
        out.line("Would write to " + r.target.file() + ":\n" + entry);
      }
    }
    if (install && !dryRun && rows.stream().anyMatch(r -> r.error == null)) {
      out.line("MCP server command: " + ShellLine.of(clients.serverCommand()));
      out.line(
          "Restart the client (or start a new session) to load it."
              + (rows.stream().anyMatch(r -> r.target.client().equals("claude-code"))
                  ? " Claude Code lists the server with: claude mcp list"
                  : ""));
    }
  }

  /**
   * What each client set up still needs from the user (on stderr with --json, to keep stdout JSON).
   */
  private static void needs(Output out, List<String> chosen, boolean hooks) {
    for (String client : chosen) {
      ClientNeeds.afterSetup(KnownClients.get(client), hooks)
          .forEach(
              text -> {
                if (out.json()) {
                  out.note("Still needed for " + client + ": " + text);
                } else {
                  out.line("Still needed for " + client + ": " + text);
                }
              });
    }
  }

  /** Each client's hook events, as help lists them: "Codex: UserPromptSubmit and Stop; ...". */
  private static String hookSummary() {
    List<String> parts = new ArrayList<>();
    for (ClientDescriptor c : KnownClients.withHooks()) {
      parts.add(c.name() + ": " + Objects.requireNonNull(c.hooks()).events());
    }
    return String.join("; ", parts);
  }

  /** Where the clients' settings are: this home and environment, on this operating system. */
  static ClientHome clientHome(Context ctx) {
    boolean macOs = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
    return new ClientHome(ctx.home(), ctx.env(), macOs);
  }

  private static final class Row {
    final SetupTarget target;
    final String result;
    final @Nullable Path backup;
    final @Nullable String error;

    Row(SetupTarget target, String result, @Nullable Path backup, @Nullable String error) {
      this.target = target;
      this.result = result;
      this.backup = backup;
      this.error = error;
    }
  }
}
