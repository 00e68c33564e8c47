package dev.slmmesh.setup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Argument vectors as POSIX shell command lines, for settings files that hold one string. */
public final class ShellLine {
  private ShellLine() {}

  /** The vector as one shell command line, each word quoted when it needs to be. */
  public static String of(List<String> words) {
    List<String> quoted = new ArrayList<>();
    for (String w : words) {
      quoted.add(w.matches("[A-Za-z0-9_/.,:=+@%-]+") ? w : "'" + w.replace("'", "'\\''") + "'");
    }
    return String.join(" ", quoted);
  }

  /** {@code K=V ... words}: the command with the variables it needs in front. */
  public static String withEnv(Map<String, String> env, List<String> words) {
    StringBuilder sb = new StringBuilder();
    env.forEach((k, v) -> sb.append(k).append('=').append(of(List.of(v))).append(' '));
    return sb.append(of(words)).toString();
  }
}
