package dev.slmmesh.broker;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which Unix socket paths the broker may connect to (fixes a defect of the original): a {@code
 * *.sock} file directly inside the peers directory or the original's long-path fallback directory,
 * never an arbitrary caller-chosen path.
 */
public final class SocketPolicy {
  private static final Pattern FILE_NAME =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}\\.sock");
  private final List<Path> allowedDirs;

  public SocketPolicy(List<Path> allowedDirs) {
    this.allowedDirs = allowedDirs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
  }

  /** The validated path, or a refusal naming the rule. */
  public Path check(String udsPath) {
    Path path;
    try {
      path = Path.of(udsPath);
    } catch (InvalidPathException e) {
      throw refusal();
    }
    Path parent = path.getParent();
    Path name = path.getFileName();
    if (!path.isAbsolute()
        || parent == null
        || name == null
        || !path.normalize().equals(path)
        || !FILE_NAME.matcher(name.toString()).matches()
        || !allowedDirs.contains(parent)) {
      throw refusal();
    }
    return path;
  }

  private BrokerException refusal() {
    return new BrokerException(
        "udsPath must be an absolute path to a <name>.sock file directly inside "
            + String.join(" or ", allowedDirs.stream().map(Path::toString).toList()));
  }
}
