package dev.slmmesh.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitInfoTest {
  @TempDir Path dir;

  @Test
  void findsTheRootAndBranchFromASubdirectory() throws IOException {
    Path repo = dir.resolve("repo");
    Files.createDirectories(repo.resolve(".git"));
    Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/feature/x\n");
    Path deep = Files.createDirectories(repo.resolve("src/main"));
    assertThat(GitInfo.locate(deep)).isEqualTo(new GitInfo(repo.toString(), "feature/x"));
  }

  @Test
  void followsAWorktreeGitdirFile() throws IOException {
    Path common = Files.createDirectories(dir.resolve("main/.git/worktrees/wt"));
    Files.writeString(common.resolve("HEAD"), "ref: refs/heads/mcp\n");
    Path wt = Files.createDirectories(dir.resolve("wt"));
    Files.writeString(wt.resolve(".git"), "gitdir: ../main/.git/worktrees/wt\n");
    assertThat(GitInfo.locate(wt)).isEqualTo(new GitInfo(wt.toString(), "mcp"));
  }

  @Test
  void aDetachedHeadHasNoBranch() throws IOException {
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".git/HEAD"), "0123456789abcdef0123456789abcdef01234567\n");
    assertThat(GitInfo.locate(dir)).isEqualTo(new GitInfo(dir.toString(), null));
  }

  @Test
  void outsideAnyRepositoryThereIsNothing() {
    assertThat(GitInfo.locate(Path.of("/proc/self"))).isEqualTo(GitInfo.NONE);
  }
}
