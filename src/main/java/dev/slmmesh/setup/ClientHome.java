package dev.slmmesh.setup;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a user's settings live: the home directory, the environment (variables that move a client's
 * directory, such as {@code CODEX_HOME} or {@code XDG_CONFIG_HOME}) and whether this is macOS.
 * Injected, so tests use temporary homes.
 */
public record ClientHome(Path home, Map<String, String> env, boolean macOs) {
  public ClientHome {
    env = Map.copyOf(env);
  }

  /** The directory named by {@code variable}, or {@code fallback} when it is unset or blank. */
  Path dirOr(String variable, Path fallback) {
    String dir = env.get(variable);
    return dir == null || dir.isBlank() ? fallback : Path.of(dir);
  }

  /** {@code $XDG_CONFIG_HOME}, or {@code ~/.config}. */
  Path xdgConfig() {
    return dirOr("XDG_CONFIG_HOME", home.resolve(".config"));
  }
}
