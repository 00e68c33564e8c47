package dev.slmmesh.setup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Everything {@code setup}, {@code doctor} and {@code hook} know about one agent client; the list
 * of them is {@link KnownClients#ALL}. Adding a client is adding one of these (and its page in
 * docs/clients/): no other class names a client.
 *
 * @param id the name on the command line ({@code setup <id>}, {@code hook <id>})
 * @param name how people write it, in help texts
 * @param settingsDir the directory whose presence shows the client is installed; every other file
 *     below is found from it
 * @param mcp where the MCP server entry goes (found from the home and the settings directory) and
 *     in which shape
 * @param hooks the client's hook settings, or null when it runs no hook commands
 * @param commands where it reads slash-command files, or null when it reads none
 * @param needs what the user must still do after setup, which doctor checks
 */
public record ClientDescriptor(
    String id,
    String name,
    Function<ClientHome, Path> settingsDir,
    Mcp mcp,
    @Nullable Hooks hooks,
    CommandFiles.@Nullable Layout commands,
    List<ClientNeeds.Need> needs) {

  /** The key our entries have in every client's list of MCP servers. */
  public static final String SERVER = "slm-mesh";

  public ClientDescriptor {
    needs = List.copyOf(needs);
  }

  /** The shapes of an MCP server entry (docs/cli.md, "Setting up agent clients"). */
  public enum Shape {
    /** JSON {@code {"type":"stdio","command","args","env"}}. */
    JSON_TYPED,
    /** JSON {@code {"command","args","env"}}. */
    JSON_PLAIN,
    /** A TOML table {@code [<key>.slm-mesh]} with {@code command}, {@code args}, {@code env}. */
    TOML_TABLE,
    /** OpenCode's JSON {@code {"type":"local","command":[...],"enabled":true,"environment"}}. */
    JSON_OPENCODE
  }

  /**
   * Where the server entry goes: the file (found from the settings directory), the key of the
   * servers list in it, and the entry's shape.
   */
  public record Mcp(BiFunction<ClientHome, Path, Path> file, String key, Shape shape) {
    /** A file of the settings directory. */
    static Mcp in(String file, String key, Shape shape) {
      return new Mcp((home, dir) -> dir.resolve(file), key, shape);
    }

    /** {@code json}, or the existing {@code jsonc} beside it when only that one is there. */
    static Mcp jsonOrJsonc(String json, String jsonc, String key, Shape shape) {
      return new Mcp(
          (home, dir) ->
              !Files.exists(dir.resolve(json)) && Files.exists(dir.resolve(jsonc))
                  ? dir.resolve(jsonc)
                  : dir.resolve(json),
          key,
          shape);
    }
  }

  /** How a client lists hook commands in its settings. */
  public enum HookStyle {
    /**
     * {@code hooks.<Event>[]} of {@code {"matcher"?,
     * "hooks":[{"type":"command","command","timeout"}]}}.
     */
    GROUPED,
    /** Cursor's {@code {"version":1,"hooks":{"<event>":[{"command",...}]}}}. */
    FLAT
  }

  /**
   * The client's hook settings: the file (in the settings directory), the style, whether its
   * timeouts count milliseconds (else seconds), our message hooks ({@link HookEntries}), and the
   * event and tool matcher of the lock guard ({@link LockHookEntries}; a FLAT list has no matcher).
   */
  public record Hooks(
      String file,
      HookStyle style,
      boolean millis,
      List<HookEntries.Spec> messages,
      String lockEvent,
      String lockMatcher) {
    public Hooks {
      messages = List.copyOf(messages);
    }

    /**
     * The events of our message hooks, as help lists them: "UserPromptSubmit and Stop", or
     * "UserPromptSubmit, Stop, and an asynchronous waker on Stop and SessionStart".
     */
    public String events() {
      List<String> sync =
          messages.stream().filter(h -> !h.asyncRewake()).map(HookEntries.Spec::event).toList();
      List<String> wakers =
          messages.stream()
              .filter(HookEntries.Spec::asyncRewake)
              .map(HookEntries.Spec::event)
              .toList();
      return wakers.isEmpty()
          ? and(sync)
          : String.join(", ", sync) + ", and an asynchronous waker on " + and(wakers);
    }

    /** "a", "a and b", "a, b and c". */
    private static String and(List<String> words) {
      int last = words.size() - 1;
      return last <= 0
          ? String.join("", words)
          : String.join(", ", words.subList(0, last)) + " and " + words.get(last);
    }

    /** A timeout of {@code seconds} in the client's unit. */
    int timeout(int seconds) {
      return millis ? seconds * 1000 : seconds;
    }
  }

  /** The directory of the client's settings in {@code home}. */
  public Path settingsDir(ClientHome home) {
    return settingsDir.apply(home);
  }

  /** The file that holds its MCP server entry in {@code home}. */
  public Path mcpFile(ClientHome home) {
    return mcp.file().apply(home, settingsDir(home));
  }

  /** Installed: its settings directory exists, or at least the file of its MCP servers does. */
  public boolean installed(ClientHome home) {
    return Files.isDirectory(settingsDir(home)) || Files.exists(mcpFile(home));
  }

  public boolean hasHooks() {
    return hooks != null;
  }
}
