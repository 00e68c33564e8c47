package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.cli.args.OptionSpec;
import dev.slmmesh.config.DataDir;
import dev.slmmesh.setup.HookScripts;
import dev.slmmesh.setup.ShellLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code slm-mesh guard install [--uninstall]}: the current git repository's {@code pre-commit}
 * hook refuses a commit that touches a file another agent has locked (docs/locks.md). A pre-commit
 * hook that is already there is kept: it moves to {@value #CHAINED} and ours runs it first; {@code
 * --uninstall} puts it back.
 */
final class GuardCommand implements Command {
  static final String MARKER = "# slm-mesh guard: written by `slm-mesh guard install`";
  static final String CHAINED = "pre-commit.slm-mesh-chained";

  @Override
  public CommandSpec spec() {
    return new CommandSpec(
        "guard",
        "refuse git commits that touch files other agents have locked",
        List.of("guard install [--uninstall]"),
        "Writes the pre-commit hook of the git repository around the working directory: a commit\n"
            + "whose staged files include one that another agent holds a lock on is refused, with\n"
            + "the holder, the reason, the time left and the mesh_send call to ask for it. Commits\n"
            + "made inside an agent session may touch that session's own locks. With no broker\n"
            + "running, commits pass. An existing pre-commit hook is kept and runs first;\n"
            + "--uninstall removes ours and puts it back. Running it again changes nothing.",
        List.of(OptionSpec.flag("--uninstall", "remove the guard (and restore a chained hook)")),
        1,
        1);
  }

  @Override
  public int run(Invocation call) {
    if (!call.parsed().args().get(0).equals("install")) {
      throw CliException.usage(
          "unknown guard action \""
              + call.parsed().args().get(0)
              + "\"; use: guard install [--uninstall]");
    }
    Path hooks = hooksDir(call.context().cwd());
    String result;
    try {
      result =
          call.parsed().has("--uninstall")
              ? uninstall(hooks)
              : install(hooks, call.context().config().files());
    } catch (IOException e) {
      throw CliException.refused(
          "could not change " + hooks.resolve("pre-commit") + ": " + e.getMessage());
    }
    if (call.out().json()) {
      ObjectNode doc =
          Mesh.body()
              .put("ok", true)
              .put("hook", hooks.resolve("pre-commit").toString())
              .put("result", result);
      call.out().document(doc);
    } else {
      call.out().line(hooks.resolve("pre-commit") + ": " + result);
    }
    return ExitCode.OK;
  }

  static String install(Path hooks, DataDir data) throws IOException {
    Path guard = HookScripts.install(data).resolveSibling("commit-guard");
    Path hook = hooks.resolve("pre-commit");
    Path chained = hooks.resolve(CHAINED);
    String text = hookText(guard, data);
    Files.createDirectories(hooks);
    String result = "installed";
    if (Files.exists(hook)) {
      String old = Files.readString(hook, StandardCharsets.UTF_8);
      if (old.contains(MARKER)) {
        if (old.equals(text)) {
          return "unchanged";
        }
        result = "updated";
      } else if (Files.exists(chained)) {
        throw new IOException(
            chained + " already exists; move one of the two pre-commit hooks away first");
      } else {
        Files.move(hook, chained);
        result = "installed; the existing pre-commit hook runs first (" + CHAINED + ")";
      }
    }
    Path tmp = hooks.resolve(".pre-commit.slm-mesh.tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.move(tmp, hook, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return result;
  }

  static String uninstall(Path hooks) throws IOException {
    Path hook = hooks.resolve("pre-commit");
    Path chained = hooks.resolve(CHAINED);
    if (!Files.exists(hook) || !Files.readString(hook, StandardCharsets.UTF_8).contains(MARKER)) {
      return "not installed; nothing changed";
    }
    if (Files.exists(chained)) {
      Files.move(chained, hook, StandardCopyOption.REPLACE_EXISTING);
      return "removed; the previous pre-commit hook is back";
    }
    Files.delete(hook);
    return "removed";
  }

  /** The hook: runs a chained hook first, then the commit guard from the data directory. */
  static String hookText(Path guard, DataDir data) {
    String quotedGuard = ShellLine.of(List.of(guard.toString()));
    String quotedData = ShellLine.of(List.of(data.root().toAbsolutePath().toString()));
    return "#!/bin/sh\n"
        + MARKER
        + "; `slm-mesh guard install --uninstall` removes it.\n"
        + "# Refuses a commit that touches a file another agent has locked (SLM Mesh, docs/locks.md).\n"
        + "chained=\"${0%/*}/"
        + CHAINED
        + "\"\n"
        + "if [ -x \"$chained\" ]; then \"$chained\" \"$@\" || exit $?; fi\n"
        + "[ -f "
        + quotedGuard
        + " ] || exit 0\n"
        + "SLM_MESH_DATA_DIR="
        + quotedData
        + " exec sh "
        + quotedGuard
        + "\n";
  }

  /** The repository's hooks directory ({@code core.hooksPath} when set), from git itself. */
  private static Path hooksDir(Path cwd) {
    ProcessBuilder pb =
        new ProcessBuilder("git", "rev-parse", "--git-path", "hooks")
            .directory(cwd.toFile())
            .redirectErrorStream(true);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
        throw CliException.refused("not inside a git repository (" + cwd + "): " + out);
      }
      return cwd.resolve(out).normalize();
    } catch (IOException e) {
      throw CliException.refused(
          "could not run git to find the repository's hooks: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.refused("interrupted while asking git for the hooks directory");
    }
  }
}
