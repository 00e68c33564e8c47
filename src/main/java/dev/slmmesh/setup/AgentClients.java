package dev.slmmesh.setup;

import dev.slmmesh.setup.ClientDescriptor.HookStyle;
import dev.slmmesh.setup.ClientDescriptor.Hooks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file changes {@code setup} makes for a client, read from its {@link ClientDescriptor}: the
 * MCP server entry, the message hooks and the lock guard. All paths derive from the injected {@link
 * ClientHome}, so tests use temporary homes.
 */
public final class AgentClients {
  private final ClientHome home;
  private final List<String> launcher;
  private final Map<String, String> serverEnv;
  private final Path hookScript;
  private final McpEntries entries;

  /**
   * @param launcher the command that runs slm-mesh
   * @param serverEnv variables the MCP server and hooks need (a non-default data dir or port)
   * @param hookScript the installed {@code slm-mesh-hook} script ({@link HookScripts}); the lock
   *     guard is the {@code lock-guard} beside it
   */
  public AgentClients(
      ClientHome home, List<String> launcher, Map<String, String> serverEnv, Path hookScript) {
    this.home = home;
    this.launcher = List.copyOf(launcher);
    this.serverEnv = new LinkedHashMap<>(serverEnv);
    this.hookScript = hookScript;
    this.entries = new McpEntries(serverCommand(), serverEnv);
  }

  public ClientHome home() {
    return home;
  }

  /**
   * The files to change for client {@code c}: its MCP server entry, and with {@code hooks} its
   * message hooks and lock guard (the guard folded into a change of the same file, so that each
   * file is written and backed up once).
   */
  public List<SetupTarget> targets(ClientDescriptor c, boolean install, boolean hooks) {
    String client = c.id();
    List<SetupTarget> out = new ArrayList<>();
    out.add(new SetupTarget(client, "MCP server", c.mcpFile(home), entries.edit(c.mcp(), install)));
    Hooks settings = c.hooks();
    if (hooks && settings != null) {
      out.add(messageHooks(c, settings, install));
      Path guard = hookScript.resolveSibling(LockHookEntries.SCRIPT);
      merge(
          out,
          LockHookEntries.target(
              c,
              c.settingsDir(home).resolve(settings.file()),
              install,
              LockHookEntries.command(guard, client, serverEnv)));
    }
    return out;
  }

  /** The argument vector of the MCP server: the launcher with {@code mcp}. */
  public List<String> serverCommand() {
    List<String> cmd = new ArrayList<>(launcher);
    cmd.add("mcp");
    return cmd;
  }

  /**
   * The shell command line of a hook: {@code sh <hooks>/slm-mesh-hook <client> <event>}, with the
   * variables the server needs in front (docs/hooks.md).
   */
  String hookCommand(String client, String event) {
    return ShellLine.withEnv(serverEnv, List.of("sh", hookScript.toString(), client, event));
  }

  /**
   * What {@code setup} writes for one target, as a person would add it by hand: the server entry
   * (JSON, or a TOML table) with its variables, or the hook command; empty for the other kinds of
   * target (lock hooks, command files: the table row says enough).
   */
  public String entryText(ClientDescriptor c, SetupTarget t) {
    if (t.what().startsWith("hooks")) {
      return "hook command (one entry per hook event): " + hookCommand(t.client(), "EVENT");
    }
    if (!t.what().startsWith("MCP server")) {
      return "";
    }
    return entries.text(c.mcp());
  }

  private SetupTarget messageHooks(ClientDescriptor c, Hooks settings, boolean install) {
    Map<String, String> commands = new LinkedHashMap<>();
    settings.messages().forEach(s -> commands.put(s.argument(), hookCommand(c.id(), s.argument())));
    Path file = c.settingsDir(home).resolve(settings.file());
    return new SetupTarget(
        c.id(),
        "hooks",
        file,
        JsonConfig.edit(
            root -> {
              if (settings.style() == HookStyle.FLAT) {
                HookEntries.removeFlat(root, settings.messages(), c.id());
                if (install) {
                  HookEntries.installFlat(root, settings.messages(), commands);
                }
              } else if (install) {
                HookEntries.installGrouped(root, settings, commands, c.id());
              } else {
                HookEntries.removeGrouped(root, c.id());
              }
            }));
  }

  /**
   * Adds {@code extra}, folded into a target of the same file (one write and one backup per file).
   */
  private static void merge(List<SetupTarget> targets, SetupTarget extra) {
    for (int i = 0; i < targets.size(); i++) {
      SetupTarget t = targets.get(i);
      if (t.file().equals(extra.file())) {
        targets.set(
            i,
            new SetupTarget(
                t.client(),
                t.what() + "+lock",
                t.file(),
                text -> extra.edit().apply(t.edit().apply(text))));
        return;
      }
    }
    targets.add(extra);
  }
}
