package dev.slmmesh.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRouterTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final ByteArrayOutputStream problems = new ByteArrayOutputStream();

  private PrintStream router(SessionLog log) {
    return new PrintStream(new LogRouter(stderr, log), true, StandardCharsets.UTF_8);
  }

  private SessionLog log(long max) {
    return new SessionLog(
        dir.resolve("data").resolve("mcp.log"),
        max,
        42,
        new PrintStream(problems, true, StandardCharsets.UTF_8));
  }

  private String stderr() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  @Test
  void infoGoesToTheFileOnlyWarningsAndErrorsToBoth() throws IOException {
    PrintStream err = router(log(SessionLog.MAX_BYTES));
    err.println("2026-12-06T03:00:00.000Z [INFO] Session - Registered as peer-1");
    err.println("2026-12-06T03:00:00.001Z [DEBUG] Session - heartbeat");
    err.println("2026-12-06T03:00:00.002Z [WARN] Session - Broker unreachable");
    err.println("2026-12-06T03:00:00.003Z [ERROR] Delivery - Push failed");
    err.println("java.io.IOException: boom");
    err.println("\tat dev.slmmesh.X.y(X.java:1)");
    err.println("2026-12-06T03:00:00.004Z [INFO] Delivery - Recovered with an exception");
    err.println("java.io.IOException: not shown");
    err.println("\tat dev.slmmesh.X.z(X.java:2)");
    assertThat(stderr())
        .isEqualTo(
            "2026-12-06T03:00:00.002Z [WARN] Session - Broker unreachable\n"
                + "2026-12-06T03:00:00.003Z [ERROR] Delivery - Push failed\n"
                + "java.io.IOException: boom\n"
                + "\tat dev.slmmesh.X.y(X.java:1)\n");
    String file = Files.readString(dir.resolve("data").resolve("mcp.log"));
    assertThat(file.lines()).hasSize(9).allMatch(l -> l.startsWith("[42] "));
    assertThat(file)
        .contains("Registered as peer-1", "heartbeat", "not shown", "Broker unreachable");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("data").resolve("mcp.log"))))
        .isEqualTo("rw-------");
  }

  @Test
  void anUncaughtExceptionAndOutputBeforeAnyRecordReachStderr() {
    PrintStream err = router(log(SessionLog.MAX_BYTES));
    err.println("stray line");
    err.println("2026-12-06T03:00:00.000Z [INFO] Session - quiet");
    err.println("Exception in thread \"main\" java.lang.IllegalStateException: x");
    err.println("\tat dev.slmmesh.X.y(X.java:1)");
    err.print("no newline yet");
    err.flush();
    assertThat(stderr())
        .isEqualTo(
            "stray line\nException in thread \"main\" java.lang.IllegalStateException: x\n"
                + "\tat dev.slmmesh.X.y(X.java:1)\nno newline yet");
  }

  @Test
  void aFullFileIsMovedAsideAndANewOneStarted() throws IOException {
    PrintStream err = router(log(200));
    for (int i = 0; i < 12; i++) {
      err.println("2026-12-06T03:00:00.000Z [INFO] Session - line " + i + " of forty bytes or so");
    }
    Path file = dir.resolve("data").resolve("mcp.log");
    assertThat(Files.size(file)).isLessThan(200 + 80);
    assertThat(Files.size(file.resolveSibling("mcp.log.1"))).isBetween(200L, 280L);
    assertThat(Files.readString(file)).contains("line 11");
  }

  @Test
  void aFileThatCannotBeWrittenIsReportedOnceAndItsLinesDropped() throws IOException {
    Files.writeString(dir.resolve("data"), "a file where the data directory should be");
    PrintStream err = router(log(SessionLog.MAX_BYTES));
    err.println("2026-12-06T03:00:00.000Z [INFO] Session - one");
    err.println("2026-12-06T03:00:00.000Z [INFO] Session - two");
    err.println("2026-12-06T03:00:00.000Z [WARN] Session - three");
    assertThat(problems.toString(StandardCharsets.UTF_8).lines())
        .hasSize(1)
        .first()
        .asString()
        .contains(
            "cannot write the MCP server log " + dir.resolve("data").resolve("mcp.log"),
            "SLM_MESH_MCP_LOG=stderr");
    assertThat(stderr()).isEqualTo("2026-12-06T03:00:00.000Z [WARN] Session - three\n");
  }

  @Test
  void theSettingTakesFileOrStderrAndNamesItselfWhenWrong() {
    assertThat(McpSettings.logToStderr(null)).isFalse();
    assertThat(McpSettings.logToStderr(" File ")).isFalse();
    assertThat(McpSettings.logToStderr("stderr")).isTrue();
    assertThatThrownBy(() -> McpSettings.logToStderr("stdout"))
        .hasMessage("SLM_MESH_MCP_LOG=\"stdout\" is neither file nor stderr");
    assertThat(
            McpSettings.logToStderr(
                "stdout", new PrintStream(problems, true, StandardCharsets.UTF_8)))
        .isFalse();
    assertThat(problems.toString(StandardCharsets.UTF_8))
        .contains("SLM_MESH_MCP_LOG", "using file");
  }
}
