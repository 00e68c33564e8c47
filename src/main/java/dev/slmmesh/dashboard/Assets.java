package dev.slmmesh.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The page's files, read once from the jar ({@code /dashboard/} resources, written by hand: no
 * build step) and kept in memory, a few tens of KiB.
 */
final class Assets {
  /** The files there are, by the path they are served at, with their media type. */
  private static final Map<String, String> TYPES =
      Map.of(
          "/dashboard/", "text/html; charset=utf-8",
          "/dashboard/app.js", "text/javascript; charset=utf-8",
          "/dashboard/app.css", "text/css; charset=utf-8",
          "/dashboard/icon.svg", "image/svg+xml");

  /** One file: its bytes and media type. */
  record Asset(byte[] bytes, String type) {}

  private final Map<String, Asset> loaded = new ConcurrentHashMap<>();

  Optional<Asset> find(String path) {
    String type = TYPES.get(path);
    if (type == null) {
      return Optional.empty();
    }
    return Optional.of(loaded.computeIfAbsent(path, p -> new Asset(read(p), type)));
  }

  private static byte[] read(String path) {
    String resource = path.endsWith("/") ? path + "index.html" : path;
    try (InputStream in = Assets.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks the dashboard file " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dashboard file " + resource, e);
    }
  }
}
