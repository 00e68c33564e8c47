package dev.slmmesh.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The memory bridge's settings (docs/memory.md): whether to look for SuperLocalMemory at all
 * ({@code SLM_MESH_MEMORY=auto|off}), its HTTP endpoint when given ({@code SLM_MESH_MEMORY_URL}, or
 * an {@code http://} {@code SLM_MESH_PEER_URL} as the original's multi-machine set-up writes it),
 * the namespaces whose state is never remembered, and how long one call may take.
 *
 * <p>{@code url} is the raw text and {@code urlSetting} names the variable it came from, so that
 * the bridge can say which setting is wrong; parsing it is the bridge's job, and a bad value turns
 * the bridge off, never the mesh.
 */
public record MemorySettings(
    boolean enabled,
    @Nullable String url,
    String urlSetting,
    Set<String> excludedNamespaces,
    Duration timeout) {

  public static final String MODE = "SLM_MESH_MEMORY";
  public static final String URL = "SLM_MESH_MEMORY_URL";
  public static final String PEER_URL = "SLM_MESH_PEER_URL";
  public static final String EXCLUDE = "SLM_MESH_MEMORY_EXCLUDE";
  public static final String TIMEOUT = "SLM_MESH_MEMORY_TIMEOUT_MS";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  public MemorySettings {
    excludedNamespaces = Set.copyOf(excludedNamespaces);
  }

  /** Off: no detection, nothing remembered (tests, and {@code SLM_MESH_MEMORY=off}). */
  public static MemorySettings off() {
    return new MemorySettings(false, null, URL, Set.of(), DEFAULT_TIMEOUT);
  }

  public static MemorySettings of(Config config) {
    return fromEnvironment(config.environment());
  }

  public static MemorySettings fromEnvironment(Map<String, String> env) {
    String mode = env.getOrDefault(MODE, "auto").trim().toLowerCase(Locale.ROOT);
    boolean enabled = !Set.of("off", "false", "0", "no").contains(mode);
    String url = blankToNull(env.get(URL));
    String setting = URL;
    if (url == null && PeerUrls.memory(env.get(PEER_URL)) != null) {
      url = PeerUrls.memory(env.get(PEER_URL));
      setting = PEER_URL;
    }
    Set<String> excluded =
        Arrays.stream(env.getOrDefault(EXCLUDE, "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    Duration timeout = new EnvReader(env).millis(TIMEOUT, DEFAULT_TIMEOUT, 100, 60_000);
    return new MemorySettings(enabled, url, setting, excluded, timeout);
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
