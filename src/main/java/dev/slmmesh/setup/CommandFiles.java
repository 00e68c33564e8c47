package dev.slmmesh.setup;

import dev.slmmesh.wire.MeshPrompts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The slash-command files {@code setup} installs for clients that read command files (docs/cli.md,
 * "Slash commands"): one file per command of {@link MeshPrompts}, in the client's own directory and
 * format. A file carries {@link #MARKER}; a file of the same name without it is the user's and is
 * never overwritten or removed. {@code --uninstall} deletes our files.
 */
public final class CommandFiles {
  public static final String MARKER = "slm-mesh: installed by `slm-mesh setup`";

  /** How one client reads a command file. */
  public enum Format {
    /**
     * Markdown with YAML front matter (description, argument-hint); the input is {@code
     * $ARGUMENTS}.
     */
    FRONT_MATTER_ARGUMENTS(".md"),
    /** Markdown with only a description in its front matter; the typed text follows the command. */
    FRONT_MATTER_DESCRIPTION(".md"),
    /** Plain Markdown; the typed text follows the command. */
    PLAIN(".md"),
    /** TOML with {@code description} and {@code prompt}; the input is {@code {{args}}}. */
    GEMINI_TOML(".toml");

    final String extension;

    Format(String extension) {
      this.extension = extension;
    }
  }

  /**
   * Where a client keeps its command files, relative to its settings directory, and their format.
   */
  public record Layout(String subdirectory, Format format) {}

  private final AgentClients clients;

  public CommandFiles(AgentClients clients) {
    this.clients = clients;
  }

  /** The five files for {@code client}, or none when it reads no command files. */
  public List<SetupTarget> targets(ClientDescriptor descriptor, boolean install) {
    String client = descriptor.id();
    Layout layout = descriptor.commands();
    List<SetupTarget> out = new ArrayList<>();
    if (layout == null) {
      return out;
    }
    Path dir = descriptor.settingsDir(clients.home()).resolve(layout.subdirectory());
    for (MeshPrompts.Prompt p : MeshPrompts.all()) {
      out.add(
          new SetupTarget(
              client,
              "command " + p.name(),
              dir.resolve(p.name() + layout.format().extension),
              edit(render(p, layout.format()), install)));
    }
    return out;
  }

  /**
   * Installs (or, uninstalling, empties to delete) a file that is ours; refuses one that is not.
   */
  static UnaryOperator<String> edit(String content, boolean install) {
    return text -> {
      boolean ours = text.contains(MARKER);
      if (!text.isEmpty() && !ours) {
        if (install) {
          throw new IllegalArgumentException(
              "exists and was not written by slm-mesh; rename or remove it"
                  + " to get this command");
        }
        return text;
      }
      return install ? content : "";
    };
  }

  static String render(MeshPrompts.Prompt p, Format format) {
    switch (format) {
      case FRONT_MATTER_ARGUMENTS:
        return "---\ndescription: "
            + yaml(p.description())
            + "\n"
            + (p.argumentHint().isEmpty() ? "" : "argument-hint: " + yaml(p.argumentHint()) + "\n")
            + "---\n\n<!-- "
            + MARKER
            + "; `slm-mesh setup --uninstall` removes it -->\n\n"
            + p.text("$ARGUMENTS")
            + "\n";
      case FRONT_MATTER_DESCRIPTION:
        return "---\ndescription: "
            + yaml(p.description())
            + "\n---\n\n<!-- "
            + MARKER
            + "; `slm-mesh setup --uninstall` removes it -->\n\n"
            + p.text(TYPED)
            + "\n";
      case PLAIN:
        return "# "
            + p.name()
            + ": "
            + p.description()
            + "\n\n<!-- "
            + MARKER
            + "; `slm-mesh setup --uninstall` removes it -->\n\n"
            + p.text(TYPED)
            + "\n";
      case GEMINI_TOML:
        return "# "
            + MARKER
            + "; `slm-mesh setup --uninstall` removes it\n"
            + "description = "
            + TomlTableEditor.string(p.description())
            + "\n"
            + "prompt = \"\"\"\n"
            + p.text("{{args}}").replace("\\", "\\\\").replace("\"\"\"", "\\\"\\\"\\\"")
            + "\n\"\"\"\n";
      default:
        throw new IllegalStateException("format " + format);
    }
  }

  /** For clients without a placeholder: the model reads the user's words after the command. */
  private static final String TYPED = "(whatever the user typed after the command)";

  /** A YAML scalar: double-quoted, so that colons and brackets in a description stay text. */
  private static String yaml(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
