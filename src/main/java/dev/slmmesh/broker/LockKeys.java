package dev.slmmesh.broker;

import dev.slmmesh.wire.Peer;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Lock keys in a mesh spanning machines (docs/multi-machine.md, "Locks"). An absolute path names a
 * file on one machine, so on a hub a path inside the locking peer's git repository becomes {@code
 * repo:<repository directory name>/<path inside it>} (the same key on every machine that has a
 * checkout of that repository), and any other path of a peer on another machine than the hub's is
 * prefixed with that machine's id. A broker that is not a hub keeps plain paths, as the original.
 */
final class LockKeys {
  static final String REPO_PREFIX = "repo:";
  private static final Pattern QUALIFIED =
      Pattern.compile("^(repo:[^/]+/.+|[0-9a-fA-F-]{8,64}:/.*)$");

  private final boolean hub;
  private final String hubMachine;

  LockKeys(boolean hub, String hubMachine) {
    this.hub = hub;
    this.hubMachine = hubMachine;
  }

  /** The key for {@code filePath} as given by {@code owner} (null: an anonymous query). */
  String key(String filePath, @Nullable Peer owner) {
    if (hub && QUALIFIED.matcher(filePath).matches()) {
      return filePath;
    }
    String path = LockPaths.normalize(filePath, owner == null ? null : owner.projectPath());
    if (!hub || owner == null) {
      return path;
    }
    String root = owner.gitRoot();
    if (root != null && Path.of(root).isAbsolute()) {
      Path repo = Path.of(root).normalize();
      Path file = Path.of(path);
      if (file.startsWith(repo) && !file.equals(repo) && repo.getFileName() != null) {
        return REPO_PREFIX
            + repo.getFileName()
            + "/"
            + repo.relativize(file).toString().replace('\\', '/');
      }
    }
    String machine = owner.machineId();
    return machine == null || machine.equals(hubMachine) ? path : machine + ":" + path;
  }
}
