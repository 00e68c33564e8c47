package dev.slmmesh.memory;

import dev.slmmesh.config.MemorySettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finds the memory system to use, in this order: none when {@code SLM_MESH_MEMORY=off}; the
 * endpoint of {@code SLM_MESH_MEMORY_URL} (or of an {@code http://} {@code SLM_MESH_PEER_URL}); the
 * {@code slm} command, else {@code superlocalmemory}, on the PATH; SuperLocalMemory's daemon
 * answering on {@code http://127.0.0.1:8765}. Anything else leaves the bridge off.
 */
public final class MemoryBridges {
  public static final String LOCAL_ENDPOINT = "http://127.0.0.1:8765";
  static final List<String> COMMANDS = List.of("slm", "superlocalmemory");

  /** Enough for a loaded machine; a refused connection (nothing there) answers at once anyway. */
  static final Duration PROBE = Duration.ofSeconds(2);

  /** The outcome: the bridge (absent when off) and the one line that says so at start. */
  public record Detection(@Nullable MemoryBridge bridge, String line) {
    public Optional<MemoryBridge> found() {
      return Optional.ofNullable(bridge);
    }
  }

  private MemoryBridges() {}

  public static Detection detect(MemorySettings settings, Map<String, String> env) {
    return detect(settings, env, LOCAL_ENDPOINT);
  }

  static Detection detect(MemorySettings settings, Map<String, String> env, String localEndpoint) {
    if (!settings.enabled()) {
      return new Detection(null, "Memory bridge off (" + MemorySettings.MODE + "=off)");
    }
    String url = settings.url();
    if (url != null) {
      try {
        HttpBridge bridge =
            new HttpBridge(
                HttpBridge.parse(url, settings.urlSetting()),
                settings.urlSetting(),
                settings.timeout());
        return new Detection(
            bridge,
            "Memory bridge on: SuperLocalMemory at "
                + bridge.describe()
                + " ("
                + settings.urlSetting()
                + ")");
      } catch (MemoryException e) {
        return new Detection(null, "Memory bridge off: " + e.getMessage());
      }
    }
    Optional<Path> command = onPath(env.get("PATH"));
    if (command.isPresent()) {
      return new Detection(
          new CommandBridge(command.get(), MemorySettings.MODE, settings.timeout()),
          "Memory bridge on: SuperLocalMemory command " + command.get());
    }
    if (listening(URI.create(localEndpoint))
        && new HttpBridge(URI.create(localEndpoint), MemorySettings.URL, PROBE).healthy()) {
      return new Detection(
          new HttpBridge(URI.create(localEndpoint), MemorySettings.URL, settings.timeout()),
          "Memory bridge on: SuperLocalMemory at " + localEndpoint);
    }
    return new Detection(
        null,
        "SuperLocalMemory not detected (no slm or superlocalmemory on the PATH,"
            + " nothing at "
            + localEndpoint
            + "): memory bridge off");
  }

  /**
   * Whether anything accepts connections there: a plain connect, so that the common case, nothing
   * listening, costs a refused connection and no HTTP client (MCP servers detect at start).
   */
  static boolean listening(URI endpoint) {
    try (Socket s = new Socket()) {
      s.connect(
          new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), (int) PROBE.toMillis());
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The first executable {@code slm}, else {@code superlocalmemory}, in {@code path}. */
  static Optional<Path> onPath(@Nullable String path) {
    if (path == null || path.isBlank()) {
      return Optional.empty();
    }
    for (String name : COMMANDS) {
      for (String dir : path.split(":")) {
        if (dir.isEmpty()) {
          continue;
        }
        try {
          Path candidate = Path.of(dir).resolve(name);
          if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
            return Optional.of(candidate.toAbsolutePath());
          }
        } catch (InvalidPathException e) {
          // a PATH entry that is no path: skip it
        }
      }
    }
    return Optional.empty();
  }
}
