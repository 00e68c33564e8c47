package dev.slmmesh.mcp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Finds which agent runs this session (as in the original): environment variables first, then the
 * process ancestry (up to 10 ancestors, closest first), else {@code unknown}. While walking the
 * ancestry it also notes whether the client was started with Claude Code channels enabled for this
 * server ({@code --channels} or {@code --dangerously-load-development-channels} naming slm-mesh).
 */
final class AgentDetector {
  static final int MAX_ANCESTORS = 10;
  static final String UNKNOWN = "unknown";
  private static final List<String> JS_RUNTIMES = List.of("node", "nodejs", "bun", "deno");
  private static final List<String> CHANNEL_FLAGS =
      List.of("--channels", "--dangerously-load-development-channels");

  /** What detection found. */
  record Detection(String agentType, boolean channelsEnabled) {}

  private final Map<String, String> env;
  private final LongFunction<Optional<ProcessInfo>> processes;

  /**
   * @param processes looks a process up by pid, e.g. {@code ProcessLookup::find}
   */
  AgentDetector(Map<String, String> env, LongFunction<Optional<ProcessInfo>> processes) {
    this.env = env;
    this.processes = processes;
  }

  Detection detect(long parentPid) {
    List<ProcessInfo> ancestors = ancestors(parentPid);
    boolean channels = ancestors.stream().anyMatch(p -> namesChannel(p.args()));
    String type = fromEnvironment().orElseGet(() -> fromAncestors(ancestors));
    return new Detection(type, channels);
  }

  private Optional<String> fromEnvironment() {
    if ("1".equals(env.get("CLAUDECODE"))) {
      return Optional.of("claude-code");
    }
    if (env.containsKey("CURSOR_TRACE_ID")) {
      return Optional.of("cursor");
    }
    if (env.containsKey("VSCODE_PID")) {
      return Optional.of("vscode");
    }
    return Optional.empty();
  }

  private List<ProcessInfo> ancestors(long parentPid) {
    List<ProcessInfo> chain = new ArrayList<>();
    long pid = parentPid;
    while (pid > 1 && chain.size() < MAX_ANCESTORS) {
      Optional<ProcessInfo> p = processes.apply(pid);
      if (p.isEmpty()) {
        break;
      }
      chain.add(p.get());
      pid = p.get().parentPid();
    }
    return chain;
  }

  private static String fromAncestors(List<ProcessInfo> ancestors) {
    for (ProcessInfo p : ancestors) {
      Optional<String> type = classify(p);
      if (type.isPresent()) {
        return type.get();
      }
    }
    return UNKNOWN;
  }

  /** The original's patterns, in its order, with aider matched by program name only. */
  static Optional<String> classify(ProcessInfo p) {
    String comm = p.command().toLowerCase(Locale.ROOT);
    String args = String.join(" ", p.args()).toLowerCase(Locale.ROOT);
    if (comm.contains("claude") || args.contains("anthropic.claude-code")) {
      return Optional.of("claude-code");
    }
    if (comm.contains("cursor") || args.contains("cursor.app")) {
      return Optional.of("cursor");
    }
    if (comm.equals("codex") || comm.equals("codex-tui")) {
      return Optional.of("codex");
    }
    if (comm.contains("windsurf") || args.contains("windsurf.app")) {
      return Optional.of("windsurf");
    }
    if (comm.equals("gemini") || args.contains("@google/gemini-cli") || runsScript(p, "gemini")) {
      return Optional.of("gemini-cli");
    }
    if (comm.equals("aider") || p.args().stream().anyMatch(AgentDetector::isAiderProgram)) {
      return Optional.of("aider");
    }
    if (args.contains("visual studio code.app") || comm.equals("code")) {
      return Optional.of("vscode");
    }
    return Optional.empty();
  }

  /**
   * True when the process is the program {@code name} run directly or through a JavaScript runtime:
   * npm installs Gemini CLI as {@code node_modules/.bin/gemini}, a script that runs as {@code node
   * /path/node_modules/.bin/gemini}, whose command is {@code node}.
   */
  static boolean runsScript(ProcessInfo p, String name) {
    List<String> args = p.args();
    if (args.isEmpty()) {
      return false;
    }
    if (fileName(args.get(0)).equals(name)) {
      return true;
    }
    if (!JS_RUNTIMES.contains(fileName(args.get(0)))) {
      return false;
    }
    // the script is the runtime's first argument that is not an option (--max-old-space-size=...)
    return args.stream()
        .skip(1)
        .filter(a -> !a.startsWith("-"))
        .findFirst()
        .map(a -> fileName(a).equals(name))
        .orElse(false);
  }

  private static String fileName(String arg) {
    Path name = Path.of(arg).getFileName();
    return name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
  }

  private static boolean isAiderProgram(String arg) {
    return fileName(arg).equals("aider");
  }

  /** True when a channel flag is followed by (or set to) a value naming slm-mesh. */
  static boolean namesChannel(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      for (String flag : CHANNEL_FLAGS) {
        if (a.startsWith(flag + "=") && a.contains("slm-mesh")) {
          return true;
        }
        if (a.equals(flag)) {
          for (int j = i + 1; j < args.size() && !args.get(j).startsWith("-"); j++) {
            if (args.get(j).contains("slm-mesh")) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }
}
