package dev.slmmesh.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slmmesh.config.Config;
import dev.slmmesh.daemon.BrokerDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real broker in a temporary data directory with the shell hooks installed beside it, for the
 * tests of locks at the edit: peers registered over HTTP, locks taken and seen in the mirror, and
 * session directories written as an MCP server writes them (docs/hooks.md, "Session files").
 */
public final class LockMesh implements AutoCloseable {
  public final Path data;
  public final Path hooks;
  public final BrokerDaemon daemon;
  public final MeshHttp http;

  private LockMesh(Path data, Path hooks, BrokerDaemon daemon) {
    this.data = data;
    this.hooks = hooks;
    this.daemon = daemon;
    this.http = new MeshHttp(daemon.port(), daemon.token());
  }

  public static LockMesh start(Path data) throws IOException {
    BrokerDaemon daemon = BrokerDaemon.start(Config.defaults(data).withPort(0));
    return new LockMesh(data, ShellHooks.install(data), daemon);
  }

  /** Registers a peer (no credential) working in {@code project}; returns its id. */
  public String register(String name, Path project) {
    MeshHttp.Response r =
        http.call(
            "/register",
            "projectPath",
            project.toString(),
            "pid",
            ProcessHandle.current().pid(),
            "name",
            name);
    assertThat(r.ok()).as(r.text()).isTrue();
    return r.json().get("peerId").asText();
  }

  /** Takes (or renews) a lock for {@code peer} and waits until the mirror shows it. */
  public void lock(String peer, String file, String reason, double ttlMinutes) {
    MeshHttp.Response r =
        http.call(
            "/lock",
            "action",
            "lock",
            "filePath",
            file,
            "peerId",
            peer,
            "reason",
            reason,
            "ttlMinutes",
            ttlMinutes);
    assertThat(r.ok()).as(r.text()).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> mirror().contains(file + "\t" + peer + "\t"));
  }

  /** The lock mirror's text ("" when there is none). */
  public String mirror() throws IOException {
    Path file = data.resolve("locks.tsv");
    return Files.exists(file) ? Files.readString(file) : "";
  }

  /**
   * Writes {@code <data>/sessions/<agentPid>/} for {@code peer}, served by this JVM; returns it.
   */
  public Path session(long agentPid, String peer) throws IOException {
    Path session =
        Files.createDirectories(data.resolve("sessions").resolve(Long.toString(agentPid)));
    Files.writeString(session.resolve("server"), ProcessHandle.current().pid() + "\n");
    Files.writeString(session.resolve("peer"), peer + "\n" + ProcessHandle.current().pid() + "\n");
    return session;
  }

  /** The pid of a process that has just ended. */
  public static long deadPid() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  @Override
  public void close() {
    daemon.close();
  }
}
