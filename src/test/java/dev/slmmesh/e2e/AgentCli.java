package dev.slmmesh.e2e;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real agent client as published on the npm registry, at a pinned version (docs/testing.md says
 * which behaviour was last verified with which). {@link #install()} installs it once into a cache
 * outside {@code target/} (so {@code mvn clean} keeps it), keyed by package and version: {@code
 * $SLM_MESH_E2E_CACHE}, else {@code ~/.cache/slm-mesh-e2e}. A client that cannot be installed fails
 * the test with npm's output: the suite never skips for want of the registry.
 */
record AgentCli(String setupId, String npmPackage, String version, String bin) {
  static final AgentCli CLAUDE_CODE =
      new AgentCli("claude-code", "@anthropic-ai/claude-code", "2.1.332", "claude");
  static final AgentCli CODEX = new AgentCli("codex", "@openai/codex", "0.171.0", "codex");
  static final AgentCli GEMINI_CLI =
      new AgentCli("gemini-cli", "@google/gemini-cli", "0.61.0", "gemini");
  static final List<AgentCli> ALL = List.of(CLAUDE_CODE, CODEX, GEMINI_CLI);

  private static final long INSTALL_MINUTES = 10;

  static Path cache() {
    String dir = System.getenv("SLM_MESH_E2E_CACHE");
    return dir != null && !dir.isBlank()
        ? Path.of(dir)
        : Path.of(System.getProperty("user.home"), ".cache", "slm-mesh-e2e");
  }

  Path prefix() {
    return cache().resolve(npmPackage.replace('/', '_') + "@" + version);
  }

  Path executable() {
    return prefix().resolve("node_modules").resolve(".bin").resolve(bin);
  }

  /** Installs the client unless the cache has it; safe when several JVMs install at once. */
  Path install() throws IOException, InterruptedException {
    Path marker = prefix().resolve(".installed");
    if (Files.exists(marker) && Files.isExecutable(executable())) {
      return executable();
    }
    Files.createDirectories(prefix());
    try (FileChannel ch =
            FileChannel.open(
                cache().resolve(prefix().getFileName() + ".lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      if (!Files.exists(marker) || !Files.isExecutable(executable())) {
        npmInstall();
        Files.writeString(marker, npmPackage + "@" + version + "\n");
      }
    }
    return executable();
  }

  private void npmInstall() throws IOException, InterruptedException {
    Path log = prefix().resolve("npm-install.log");
    Process p =
        new ProcessBuilder(
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--no-save",
                "--prefix",
                prefix().toString(),
                npmPackage + "@" + version)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(
          "npm install "
              + npmPackage
              + "@"
              + version
              + " took over "
              + INSTALL_MINUTES
              + " minutes; is the npm registry reachable? Output:\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
    if (p.exitValue() != 0 || !Files.isExecutable(executable())) {
      throw new AssertionError(
          "npm install "
              + npmPackage
              + "@"
              + version
              + " failed (exit "
              + p.exitValue()
              + "); the end-to-end suite needs the npm registry (or a filled cache at "
              + cache()
              + "). Output:\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
  }
}
