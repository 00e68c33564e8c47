package dev.slmmesh.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this build (pom.xml's), as opposed to {@link Config#VERSION}, the protocol version
 * every component reports to the original's clients.
 */
public final class BuildInfo {
  private BuildInfo() {}

  /** {@code 0.1.0}, or {@code unknown} when the build left no record (never in a packaged jar). */
  public static String version() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the build's version", e);
    }
  }
}
