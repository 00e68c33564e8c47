package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.cli.args.OptionSpec;
import dev.slmmesh.wire.Timestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@code slm-mesh peers [--scope S]}: the active peers ({@code POST /peers}). */
final class PeersCommand implements Command {
  @Override
  public CommandSpec spec() {
    return new CommandSpec("peers", "list the active agent sessions",
        List.of("peers [--scope machine|mesh|directory|repo]"),
        "Lists the active peers (agent sessions) with their name, id, agent, delivery path\n"
            + "(channel, hook, piggyback or poll), whether the broker's push link to them is up,\n"
            + "what it is doing (working, idle or waiting for its human, and for how long), whether\n"
            + "a message can wake it while idle, PID, git branch and project directory. --scope directory keeps the peers working\n"
            + "in the current directory, --scope repo those in the current git repository.",
        List.of(OptionSpec.value("--scope", "S", "machine (default), mesh (every machine), directory or repo")),
        0, 0);
  }

  @Override
  public int run(Invocation call) {
    String scope = call.parsed().value("--scope").orElse("machine");
    ObjectNode body = Mesh.body().put("scope", scope);
    Path cwd = call.context().cwd();
    if (scope.equals("directory")) {
      body.put("projectPath", cwd.toString());
    } else if (scope.equals("repo")) {
      Path root = gitRoot(cwd);
      if (root == null) {
        throw CliException.usage("--scope repo: " + cwd + " is not inside a git repository");
      }
      body.put("gitRoot", root.toString());
    } else if (!scope.equals("machine") && !scope.equals("mesh")) {
      throw CliException.usage("--scope must be machine, mesh, directory or repo, got \"" + scope + "\"");
    }
    ObjectNode answer = call.mesh().require("/peers", body);
    if (call.out().json()) {
      call.out().document(answer);
      return ExitCode.OK;
    }
    Table table = new Table(
        List.of("NAME", "ID", "AGENT", "DELIVERY", "PUSH", "STATE", "WAKE", "PID", "BRANCH", "PROJECT", "SUMMARY"),
        24, 36, 12, 9, 4, 14, 4, 8, 24, 40, 0);
    Instant now = Instant.now();
    for (JsonNode p : answer.path("peers")) {
      table.row(p.path("name").asText(), p.path("id").asText(), p.path("agentType").asText(),
          p.path("deliveryPath").asText("-"), push(p), state(p.path("presence"), now),
          wake(p.path("presence")), p.path("pid").asText(),
          p.path("gitBranch").isTextual() ? p.path("gitBranch").asText() : "-",
          p.path("projectPath").asText(), p.path("summary").asText("").isEmpty() ? "-" : p.path("summary").asText());
    }
    if (table.isEmpty()) {
      call.out().line("No active peers");
    } else {
      call.out().table(table);
    }
    return ExitCode.OK;
  }

  private static String push(JsonNode p) {
    JsonNode up = p.get("pushConnected");
    return up == null || !up.isBoolean() ? "-" : up.asBoolean() ? "up" : "down";
  }

  /** {@code idle 3m 7s}: the presence and how long it has lasted; {@code -} when not reported. */
  static String state(JsonNode presence, Instant now) {
    if (!presence.path("state").isTextual()) {
      return "-";
    }
    Optional<Instant> since = Timestamps.parse(presence.path("since").asText(""));
    return presence.path("state").asText()
        + since.map(t -> " " + Formats.uptime(Math.max(0, Duration.between(t, now).toSeconds()))).orElse("");
  }

  /** Whether a message can wake the session while it is idle. */
  static String wake(JsonNode presence) {
    JsonNode w = presence.path("wakeable");
    return w.isBoolean() ? w.asBoolean() ? "yes" : "no" : "-";
  }

  /** The nearest directory at or above {@code dir} holding {@code .git} (a directory or a file). */
  static @Nullable Path gitRoot(Path dir) {
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.exists(d.resolve(".git"))) {
        return d;
      }
    }
    return null;
  }
}
