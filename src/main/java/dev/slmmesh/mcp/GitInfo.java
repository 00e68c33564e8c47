package dev.slmmesh.mcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The git repository around a directory, read from {@code .git} without running git: the repository
 * root (the directory holding {@code .git}, a directory or a worktree's {@code gitdir:} file) and
 * the current branch ({@code HEAD} = {@code ref: refs/heads/<branch>}; null when detached).
 */
record GitInfo(@Nullable String root, @Nullable String branch) {
  static final GitInfo NONE = new GitInfo(null, null);
  private static final int MAX_DEPTH = 256;
  private static final String BRANCH_REF = "ref: refs/heads/";

  static GitInfo locate(Path start) {
    Path dir = start.toAbsolutePath().normalize();
    for (int depth = 0; dir != null && depth < MAX_DEPTH; depth++, dir = dir.getParent()) {
      Path dotGit = dir.resolve(".git");
      if (Files.isDirectory(dotGit)) {
        return new GitInfo(dir.toString(), branch(dotGit));
      }
      if (Files.isRegularFile(dotGit)) {
        Path gitDir = gitDirOf(dotGit);
        return new GitInfo(dir.toString(), gitDir == null ? null : branch(gitDir));
      }
    }
    return NONE;
  }

  private static @Nullable Path gitDirOf(Path dotGitFile) {
    try {
      String text = Files.readString(dotGitFile, StandardCharsets.UTF_8).trim();
      if (!text.startsWith("gitdir:")) {
        return null;
      }
      Path target = Path.of(text.substring("gitdir:".length()).trim());
      Path parent = dotGitFile.getParent();
      return target.isAbsolute() || parent == null ? target : parent.resolve(target).normalize();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static @Nullable String branch(Path gitDir) {
    try {
      String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).trim();
      return head.startsWith(BRANCH_REF) && head.length() > BRANCH_REF.length()
          ? head.substring(BRANCH_REF.length())
          : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
