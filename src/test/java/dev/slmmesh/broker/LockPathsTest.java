package dev.slmmesh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LockPathsTest {
  @Test
  void resolvesDotsAndTrailingSlashes() {
    assertThat(LockPaths.normalize("/repo/src/../src/./a.ts", null)).isEqualTo("/repo/src/a.ts");
    assertThat(LockPaths.normalize("/repo/src/", null)).isEqualTo("/repo/src");
  }

  @Test
  void resolvesRelativePathsAgainstTheProjectDirectory() {
    assertThat(LockPaths.normalize("src/a.ts", "/repo")).isEqualTo("/repo/src/a.ts");
  }

  @Test
  void refusesRelativePathsWithoutAProjectDirectory() {
    assertThatThrownBy(() -> LockPaths.normalize("src/a.ts", null))
        .isInstanceOf(BrokerException.class)
        .hasMessage(
            "filePath must be absolute (or relative to a registered peer's projectPath): src/a.ts");
  }

  @Test
  void refusesHugeAndNulContainingPaths() {
    assertThatThrownBy(() -> LockPaths.normalize("/" + "a".repeat(5000), null))
        .hasMessage("filePath must be a path of at most 4096 characters");
    assertThatThrownBy(() -> LockPaths.normalize("/a\0b", null))
        .isInstanceOf(BrokerException.class);
  }
}
