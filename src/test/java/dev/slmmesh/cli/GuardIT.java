package dev.slmmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.config.Config;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.LockMesh;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slm-mesh guard install} on a real git repository that already has a pre-commit hook, then
 * real {@code git commit}s against a real broker: a commit touching another peer's locked file is
 * refused with the holder, reason, time left and the mesh_send to ask; the existing hook still
 * runs; own locks, free files and a stopped broker pass; uninstall restores the old hook.
 */
class GuardIT {
  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  private LockMesh mesh;
  private Path data;
  private Path repo;
  private CliRun cli;

  @BeforeEach
  void start() throws Exception {
    data = dir.resolve("d");
    repo = Files.createDirectories(dir.resolve("repo"));
    git("init", "-q");
    git("config", "user.email", "t@example.com");
    git("config", "user.name", "t");
    Path old = repo.resolve(".git/hooks/pre-commit");
    Files.createDirectories(old.getParent());
    Files.writeString(
        old,
        "#!/bin/sh\necho \"old hook ran\" >&2\n[ ! -e \"$(git rev-parse --show-toplevel)/veto\" ]\n");
    Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));
    mesh = LockMesh.start(data);
    Path home = Files.createDirectories(dir.resolve("h"));
    cli =
        new CliRun(
                Config.defaults(data)
                    .withPort(mesh.daemon.port())
                    .withEnvironment(Map.of("HOME", home.toString())),
                home)
            .cwd(repo);
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  @Test
  void refusesACommitTouchingAnotherPeersLockAndKeepsTheExistingHook() throws Exception {
    CliRun.Result installed = cli.run("guard", "install");
    assertThat(installed.code()).as(installed.toString()).isZero();
    assertThat(installed.out()).contains("installed; the existing pre-commit hook runs first");
    assertThat(cli.run("guard", "install").out()).contains("unchanged");
    assertThat(repo.resolve(".git/hooks/" + GuardCommand.CHAINED))
        .content()
        .contains("old hook ran");

    write("free.txt");
    Git ok = git("commit", "-q", "-m", "free");
    assertThat(ok.code()).as(ok.toString()).isZero();
    assertThat(ok.err()).contains("old hook ran");

    String alice = register("alice");
    lock(alice, repo.resolve("locked.txt").toString(), "rewriting it");
    write("locked.txt");
    Git refused = git("commit", "-q", "-m", "locked");
    assertThat(refused.code()).as(refused.toString()).isNotZero();
    assertThat(refused.err())
        .contains("old hook ran")
        .contains("slm-mesh guard: this commit touches files that other agents have locked.")
        .contains(
            repo.resolve("locked.txt")
                + " is locked by alice, peer "
                + alice
                + " (reason: rewriting it)")
        .containsPattern("expires in (9|10) minutes")
        .contains("mesh_send {\"to\":\"" + alice + "\"");
    assertThat(git("log", "--oneline").out().lines().count()).isEqualTo(1);

    // the existing hook still decides on its own
    Files.writeString(repo.resolve("veto"), "");
    git("reset", "-q");
    write("other.txt");
    assertThat(git("commit", "-q", "-m", "vetoed").code()).isNotZero();
    Files.delete(repo.resolve("veto"));

    // no broker: commits pass
    mesh.close();
    write("locked.txt");
    Git passes = git("commit", "-q", "-m", "no broker");
    assertThat(passes.code()).as(passes.toString()).isZero();

    CliRun.Result removed = cli.run("guard", "install", "--uninstall");
    assertThat(removed.out()).contains("the previous pre-commit hook is back");
    assertThat(repo.resolve(".git/hooks/pre-commit"))
        .content()
        .contains("old hook ran")
        .doesNotContain("slm-mesh");
    assertThat(repo.resolve(".git/hooks/" + GuardCommand.CHAINED)).doesNotExist();
  }

  @Test
  void aCommitInsideTheLockHoldersSessionPasses() throws Exception {
    assertThat(cli.run("guard", "install").code()).isZero();
    String bob = register("bob");
    lock(bob, repo.resolve("mine.txt").toString(), "");
    // git runs under this JVM: make it bob's agent session, as its MCP server would
    mesh.session(ProcessHandle.current().pid(), bob);
    write("mine.txt");
    Git ok = git("commit", "-q", "-m", "mine");
    assertThat(ok.code()).as(ok.toString()).isZero();
  }

  @Test
  void withoutAPreviousHookUninstallRemovesOursAndOutsideARepositoryItRefuses() throws Exception {
    Files.delete(repo.resolve(".git/hooks/pre-commit"));
    assertThat(cli.run("guard", "install").out()).contains(": installed");
    assertThat(cli.run("guard", "install", "--uninstall").out()).endsWith("removed\n");
    assertThat(repo.resolve(".git/hooks/pre-commit")).doesNotExist();
    assertThat(cli.run("guard", "install", "--uninstall").out())
        .contains("not installed; nothing changed");

    CliRun.Result outside =
        cli.cwd(Files.createDirectories(dir.resolve("plain"))).run("guard", "install");
    assertThat(outside.code()).isEqualTo(ExitCode.REFUSED);
    assertThat(outside.err()).contains("not inside a git repository");
    assertThat(cli.run("guard", "remove").code()).isEqualTo(ExitCode.USAGE);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  record Git(int code, String out, String err) {}

  private void write(String name) throws Exception {
    Files.writeString(repo.resolve(name), name + System.nanoTime() + "\n");
    git("add", name);
  }

  private Git git(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile());
    pb.environment().put("SLM_MESH_DATA_DIR", "/nonexistent"); // the hook names its data dir itself
    pb.environment().put("HOME", dir.resolve("h").toString());
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Git(p.exitValue(), out, err);
  }

  private String register(String name) {
    return mesh.register(name, repo);
  }

  private void lock(String peer, String file, String reason) {
    mesh.lock(peer, file, reason, 10);
  }
}
