package dev.slmmesh.setup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.setup.ClientDescriptor.Shape;
import dev.slmmesh.setup.ClientNeeds.Check;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Doctor's row for each client installed in the home directory: whether its settings hold the
 * slm-mesh MCP server and, for a client with hooks, our hooks; or how to set it up.
 */
public final class ClientStatus {
  private ClientStatus() {}

  /** One check per installed client of {@code clients}, named {@code client <id>}. */
  public static List<Check> of(ClientHome home, List<ClientDescriptor> clients) {
    List<Check> out = new ArrayList<>();
    for (ClientDescriptor c : clients) {
      if (c.installed(home)) {
        out.add(new Check("client " + c.id(), true, detail(c, home)));
      }
    }
    return out;
  }

  private static String detail(ClientDescriptor c, ClientHome home) {
    Path file = c.mcpFile(home);
    if (!hasServer(c, file)) {
      return "installed, not set up: 'slm-mesh setup " + c.id() + "' adds SLM Mesh to " + file;
    }
    String text = "slm-mesh MCP server in " + file;
    if (c.hooks() == null) {
      return text
          + " ("
          + c.name()
          + " runs no hook commands: new messages come with mesh tool results)";
    }
    Path hooks = c.settingsDir(home).resolve(c.hooks().file());
    return text
        + (ClientNeeds.readJson(hooks).map(root -> hasOurHook(root, c.id())).orElse(false)
            ? ", hooks in " + hooks
            : ", no hooks ('slm-mesh setup " + c.id() + "' adds them)");
  }

  static boolean hasServer(ClientDescriptor c, Path file) {
    if (c.mcp().shape() == Shape.TOML_TABLE) {
      return Pattern.compile(
              "(?m)^\\s*\\[\\s*"
                  + Pattern.quote(c.mcp().key())
                  + "\\s*\\.\\s*\"?"
                  + Pattern.quote(ClientDescriptor.SERVER)
                  + "\"?\\s*]")
          .matcher(ClientNeeds.readText(file))
          .find();
    }
    return ClientNeeds.readJson(file)
        .map(root -> root.path(c.mcp().key()).has(ClientDescriptor.SERVER))
        .orElse(false);
  }

  /** Whether any hook command in the tree is one of our message hooks for {@code client}. */
  static boolean hasOurHook(JsonNode node, String client) {
    if (node.has("command") && HookEntries.isOurs(node, client)) {
      return true;
    }
    for (JsonNode child : node) {
      if (hasOurHook(child, client)) {
        return true;
      }
    }
    return false;
  }
}
