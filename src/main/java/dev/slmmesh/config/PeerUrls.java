package dev.slmmesh.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * {@code SLM_MESH_PEER_URL} as a comma-separated list. An {@code http://} entry names the memory
 * bridge's SuperLocalMemory endpoint (the original's set-up, docs/memory.md); every other entry is
 * a hub (hubs speak TLS only), tried in the order listed (docs/team.md, "Failover").
 */
public final class PeerUrls {
  private PeerUrls() {}

  /** The hub entries joined by commas (blank entries kept for the parser to report), or null. */
  public static @Nullable String hubs(@Nullable String value) {
    List<String> hubs = entries(value).stream().filter(e -> !memoryEntry(e)).toList();
    return hubs.stream().allMatch(String::isEmpty) ? null : String.join(",", hubs);
  }

  /** The first {@code http://} entry, or null. */
  public static @Nullable String memory(@Nullable String value) {
    return entries(value).stream().filter(PeerUrls::memoryEntry).findFirst().orElse(null);
  }

  private static List<String> entries(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(",", -1)).map(String::trim).collect(Collectors.toList());
  }

  private static boolean memoryEntry(String entry) {
    return entry.toLowerCase(Locale.ROOT).startsWith("http://");
  }
}
