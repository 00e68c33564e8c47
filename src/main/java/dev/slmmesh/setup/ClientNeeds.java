package dev.slmmesh.setup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client still needs from the user once setup has written its files, which setup prints and
 * doctor checks where the client's own files show it (docs/cli.md, "What each client still needs
 * from you"):
 *
 * <ul>
 *   <li>Gemini CLI disables every MCP server in a folder it does not trust. Trust is kept in {@code
 *       ~/.gemini/trustedFolders.json} ({@code GEMINI_CLI_TRUSTED_FOLDERS_PATH}): path to {@code
 *       TRUST_FOLDER}, {@code TRUST_PARENT} (its parent and below) or {@code DO_NOT_TRUST}, the
 *       longest matching path deciding; {@code security.folderTrust.enabled: false} in
 *       settings.json or {@code GEMINI_CLI_TRUST_WORKSPACE=true} turn the check off.
 *       https://geminicli.com/docs/cli/trusted-folders
 *   <li>Codex runs a hook only once the user trusted it with {@code /hooks}; it records that in
 *       config.toml as {@code [hooks.state."<hooks.json path>:<event>:<group>:<hook>"]} with a
 *       {@code trusted_hash}. https://developers.openai.com/codex/hooks
 * </ul>
 */
public final class ClientNeeds {
  private static final Pattern NEXT_TABLE = Pattern.compile("(?m)^\\s*\\[");
  private static final Pattern TRUSTED_HASH = Pattern.compile("(?m)^\\s*trusted_hash\\s*=");

  /** What a client may still need from the user once setup has written its files. */
  public enum Need {
    /** Gemini CLI: MCP servers run only in trusted folders. */
    GEMINI_FOLDER_TRUST(
        false,
        "Gemini CLI turns MCP servers off in a folder it does not trust: start gemini in"
            + " each project folder once and choose \"Trust folder\" (or \"Trust parent folder\"); 'slm-mesh doctor'"
            + " in a folder tells whether it is trusted."),
    /** Codex: a hook runs only once the user trusted it with {@code /hooks}. */
    CODEX_HOOK_TRUST(
        true,
        "Codex runs new hooks only after you trust them: start codex and open /hooks to trust"
            + " the slm-mesh hooks (again after every setup that changes them); 'slm-mesh doctor' tells whether"
            + " they are trusted.");

    private final boolean onlyWithHooks;
    private final String afterSetup;

    Need(boolean onlyWithHooks, String afterSetup) {
      this.onlyWithHooks = onlyWithHooks;
      this.afterSetup = afterSetup;
    }
  }

  /** One of doctor's checks: whether the need is met, and what to do when it is not. */
  public record Check(String name, boolean met, String detail) {}

  private final ClientHome home;
  private final List<ClientDescriptor> clients;

  public ClientNeeds(ClientHome home, List<ClientDescriptor> clients) {
    this.home = home;
    this.clients = List.copyOf(clients);
  }

  /** What the user must still do after {@code setup <client>} (with or without its hooks). */
  public static List<String> afterSetup(ClientDescriptor client, boolean hooks) {
    return client.needs().stream()
        .filter(n -> hooks || !n.onlyWithHooks)
        .map(n -> n.afterSetup)
        .toList();
  }

  /**
   * Doctor's checks of each need of each client whose settings hold slm-mesh, for the folder {@code
   * cwd}.
   */
  public List<Check> checks(Path cwd) {
    List<Check> out = new ArrayList<>();
    for (ClientDescriptor client : clients) {
      for (Need need : client.needs()) {
        check(need, client, cwd).ifPresent(out::add);
      }
    }
    return out;
  }

  private Optional<Check> check(Need need, ClientDescriptor client, Path cwd) {
    switch (need) {
      case GEMINI_FOLDER_TRUST:
        return geminiTrust(client, cwd);
      case CODEX_HOOK_TRUST:
        return codexHookTrust(client);
      default:
        throw new IllegalStateException("need " + need);
    }
  }

  private Optional<Check> geminiTrust(ClientDescriptor gemini, Path cwd) {
    Path settingsFile = gemini.mcpFile(home);
    Optional<JsonNode> settings = readJson(settingsFile);
    if (settings.isEmpty()
        || !settings.get().path(gemini.mcp().key()).has(ClientDescriptor.SERVER)) {
      return Optional.empty();
    }
    String name = "gemini-cli folder trust";
    String forced = home.env().getOrDefault("GEMINI_CLI_TRUST_WORKSPACE", "");
    if (forced.equals("true")) {
      return Optional.of(
          new Check(name, true, "GEMINI_CLI_TRUST_WORKSPACE=true trusts every folder"));
    }
    if (!settings.get().path("security").path("folderTrust").path("enabled").asBoolean(true)) {
      return Optional.of(new Check(name, true, "folder trust is off in " + settingsFile));
    }
    Path file =
        home.dirOr(
            "GEMINI_CLI_TRUSTED_FOLDERS_PATH",
            gemini.settingsDir(home).resolve("trustedFolders.json"));
    Optional<JsonNode> rules =
        Files.exists(file) ? readJson(file) : Optional.of(Json.MAPPER.createObjectNode());
    if (rules.isEmpty() || !rules.get().isObject()) {
      return Optional.of(
          new Check(
              name,
              false,
              file + " is not a JSON object: Gemini CLI refuses to start" + " until it is fixed"));
    }
    String level =
        forced.equals("false")
            ? "DO_NOT_TRUST"
            : longestMatch(rules.get(), cwd.toAbsolutePath().normalize());
    if (level.startsWith("TRUST_")) {
      return Optional.of(
          new Check(name, true, cwd + " is trusted (" + level + " in " + file + ")"));
    }
    String why = level.isEmpty() ? "is not trusted yet" : "is marked untrusted";
    return Optional.of(
        new Check(
            name,
            false,
            cwd
                + " "
                + why
                + ", so Gemini CLI disables slm-mesh here:"
                + " start gemini in this folder and choose \"Trust folder\", or add \""
                + cwd
                + "\": \"TRUST_FOLDER\" to "
                + file));
  }

  /** The level of the longest rule that covers {@code dir}, or "" when none does. */
  static String longestMatch(JsonNode rules, Path dir) {
    String best = "";
    int bestLength = -1;
    for (Iterator<Map.Entry<String, JsonNode>> it = rules.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> rule = it.next();
      String level = rule.getValue().asText("");
      Path path = Path.of(rule.getKey()).toAbsolutePath().normalize();
      Path covered =
          level.equals("TRUST_PARENT") && path.getParent() != null ? path.getParent() : path;
      if (dir.startsWith(covered) && rule.getKey().length() > bestLength) {
        best = level;
        bestLength = rule.getKey().length();
      }
    }
    return best;
  }

  private Optional<Check> codexHookTrust(ClientDescriptor codex) {
    Path hooksFile = codex.settingsDir(home).resolve(Objects.requireNonNull(codex.hooks()).file());
    Optional<JsonNode> hooks = readJson(hooksFile);
    if (hooks.isEmpty()) {
      return Optional.empty();
    }
    List<String> keys = ourHookKeys(hooks.get(), hooksFile, codex.id());
    if (keys.isEmpty()) {
      return Optional.empty();
    }
    Path config = codex.settingsDir(home).resolve("config.toml");
    String toml = readText(config);
    List<String> untrusted = keys.stream().filter(k -> !trusted(toml, k)).toList();
    String name = "codex hook trust";
    if (untrusted.isEmpty()) {
      return Optional.of(
          new Check(
              name,
              true,
              "the slm-mesh hooks are trusted in "
                  + config
                  + " (Codex asks again if they change)"));
    }
    return Optional.of(
        new Check(
            name,
            false,
            untrusted.size()
                + " of "
                + keys.size()
                + " slm-mesh hooks are not trusted yet, so Codex skips them: start codex and open /hooks to trust them ("
                + String.join(", ", untrusted)
                + ")"));
  }

  /**
   * Codex's key of each of our hooks (messages and the lock guard): the file, the event in snake
   * case, the group and hook index.
   */
  static List<String> ourHookKeys(JsonNode root, Path hooksFile, String client) {
    List<String> keys = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> events = root.path("hooks").fields();
        events.hasNext(); ) {
      Map.Entry<String, JsonNode> event = events.next();
      JsonNode groups = event.getValue();
      for (int g = 0; g < groups.size(); g++) {
        JsonNode handlers = groups.get(g).path("hooks");
        for (int h = 0; h < handlers.size(); h++) {
          if (HookEntries.isOurs(handlers.get(h), client)
              || LockHookEntries.isOurs(handlers.get(h), client)) {
            keys.add(hooksFile + ":" + snake(event.getKey()) + ":" + g + ":" + h);
          }
        }
      }
    }
    return keys;
  }

  /**
   * Whether config.toml holds a {@code trusted_hash} for {@code key}, as a table or a dotted key.
   */
  static boolean trusted(String toml, String key) {
    String quoted = Pattern.quote("\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    if (Pattern.compile("(?m)^\\s*hooks\\.state\\." + quoted + "\\.trusted_hash\\s*=")
        .matcher(toml)
        .find()) {
      return true;
    }
    Matcher table =
        Pattern.compile("(?m)^\\s*\\[\\s*hooks\\.state\\." + quoted + "\\s*\\]\\s*$").matcher(toml);
    if (!table.find()) {
      return false;
    }
    Matcher next = NEXT_TABLE.matcher(toml);
    String body =
        toml.substring(table.end(), next.find(table.end()) ? next.start() : toml.length());
    return TRUSTED_HASH.matcher(body).find();
  }

  public static String snake(String event) {
    return event.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  static Optional<JsonNode> readJson(Path file) {
    String text = readText(file);
    if (text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.MAPPER.readTree(text));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static String readText(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
