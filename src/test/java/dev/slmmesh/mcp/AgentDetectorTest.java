package dev.slmmesh.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentDetectorTest {
  private final Map<Long, ProcessInfo> table = new HashMap<>();

  private void process(long pid, long ppid, String comm, String... args) {
    table.put(pid, new ProcessInfo(pid, ppid, comm, List.of(args)));
  }

  private AgentDetector.Detection detect(Map<String, String> env) {
    return new AgentDetector(env, pid -> Optional.ofNullable(table.get(pid))).detect(100);
  }

  @Test
  void environmentComesFirst() {
    process(100, 1, "codex");
    assertThat(detect(Map.of("CLAUDECODE", "1")).agentType()).isEqualTo("claude-code");
    assertThat(detect(Map.of("CURSOR_TRACE_ID", "")).agentType()).isEqualTo("cursor");
    assertThat(detect(Map.of("VSCODE_PID", "7")).agentType()).isEqualTo("vscode");
    assertThat(detect(Map.of("CLAUDECODE", "0")).agentType()).isEqualTo("codex");
  }

  @Test
  void closestAncestorWins() {
    process(100, 200, "bash", "bash");
    process(200, 300, "node", "node", "/usr/lib/node_modules/@google/gemini-cli/dist/index.js");
    process(300, 1, "claude", "claude");
    assertThat(detect(Map.of()).agentType()).isEqualTo("gemini-cli");
  }

  @Test
  void detectsGeminiCliRunByNodeFromNodeModulesBin() {
    process(
        100, 200, "node", "node", "/home/u/.npm-global/lib/node_modules/.bin/gemini", "-p", "hi");
    process(200, 1, "bash", "bash");
    assertThat(detect(Map.of()).agentType()).isEqualTo("gemini-cli");
    process(100, 1, "node", "/usr/bin/node", "/home/u/proj/node_modules/.bin/gemini");
    assertThat(detect(Map.of()).agentType()).isEqualTo("gemini-cli");
    process(
        100,
        1,
        "node",
        "/usr/bin/node",
        "--max-old-space-size=8192",
        "/home/u/proj/node_modules/.bin/gemini");
    assertThat(detect(Map.of()).agentType()).isEqualTo("gemini-cli");
    process(100, 1, "gemini", "/usr/local/bin/gemini");
    assertThat(detect(Map.of()).agentType()).isEqualTo("gemini-cli");
    process(100, 1, "node", "node", "/home/u/tools/gemini-notes.js", "gemini");
    assertThat(detect(Map.of()).agentType()).isEqualTo("unknown");
    process(100, 1, "grep", "grep", "gemini");
    assertThat(detect(Map.of()).agentType()).isEqualTo("unknown");
  }

  @Test
  void stopsAfterTenAncestorsAndDefaultsToUnknown() {
    for (long pid = 100; pid < 111; pid++) {
      process(pid, pid + 1, "sh", "sh");
    }
    process(111, 1, "claude", "claude");
    assertThat(detect(Map.of()).agentType()).isEqualTo("unknown");
  }

  @Test
  void matchesAiderByProgramNameOnly() {
    process(100, 1, "python3", "python3", "/home/u/projects/aider-notes/run.py");
    assertThat(detect(Map.of()).agentType()).isEqualTo("unknown");
    process(100, 1, "python3", "python3", "/home/u/.local/bin/aider", "--model", "x");
    assertThat(detect(Map.of()).agentType()).isEqualTo("aider");
  }

  @Test
  void noticesChannelsEnabledForThisServer() {
    process(
        100, 1, "claude", "claude", "--dangerously-load-development-channels", "server:slm-mesh");
    AgentDetector.Detection d = detect(Map.of());
    assertThat(d.agentType()).isEqualTo("claude-code");
    assertThat(d.channelsEnabled()).isTrue();
    assertThat(AgentDetector.namesChannel(List.of("--channels=plugin:slm-mesh@x"))).isTrue();
    assertThat(AgentDetector.namesChannel(List.of("--channels", "server:other", "--x", "slm-mesh")))
        .isFalse();
    assertThat(AgentDetector.namesChannel(List.of("slm-mesh", "--channels"))).isFalse();
  }

  @Test
  void parsesProcStatWithAwkwardCommandNames() {
    byte[] cmdline = "claude\0--channels\0server:slm-mesh\0".getBytes(StandardCharsets.UTF_8);
    ProcessInfo p =
        ProcessLookup.parseStat(42, "42 (my (odd) cmd) S 7 42 42 0 -1", cmdline).orElseThrow();
    assertThat(p.parentPid()).isEqualTo(7);
    assertThat(p.command()).isEqualTo("my (odd) cmd");
    assertThat(p.args()).containsExactly("claude", "--channels", "server:slm-mesh");
  }

  @Test
  void parsesPsOutput() {
    ProcessInfo p = ProcessLookup.parsePs(9, "  1234 codex codex --full-auto\n").orElseThrow();
    assertThat(p.parentPid()).isEqualTo(1234);
    assertThat(p.command()).isEqualTo("codex");
    assertThat(p.args()).containsExactly("codex", "--full-auto");
    assertThat(ProcessLookup.parsePs(9, "")).isEmpty();
  }

  @Test
  void readsThisProcessFromProc() {
    ProcessInfo self = ProcessLookup.find(ProcessHandle.current().pid()).orElseThrow();
    assertThat(self.parentPid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
    assertThat(self.args()).isNotEmpty();
  }
}
