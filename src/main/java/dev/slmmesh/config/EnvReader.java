package dev.slmmesh.config;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads soft numeric settings: a missing value takes the default, a bad one warns and clamps. */
final class EnvReader {
  /**
   * Created on first use: setting up logging costs a CLI command about 45 ms, and the CLI reads its
   * configuration on every run but logs only when something is wrong.
   */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(EnvReader.class);
  }

  private final Map<String, String> env;

  EnvReader(Map<String, String> env) {
    this.env = env;
  }

  int integer(String name, int fallback, int min, int max) {
    OptionalLong parsed = parse(name, fallback);
    if (parsed.isEmpty()) {
      return fallback;
    }
    long value = parsed.getAsLong();
    if (value < min || value > max) {
      long clamped = Math.max(min, Math.min(max, value));
      Log.LOG.warn("{}={} is outside {}..{}; using {}", name, value, min, max, clamped);
      return (int) clamped;
    }
    return (int) value;
  }

  /**
   * A TCP port a client must be able to find: a value outside 1..65535 (0 included, which would
   * pick a random port no session could find) warns and takes the default rather than a clamped
   * port.
   */
  int port(String name, int fallback) {
    OptionalLong parsed = parse(name, fallback);
    if (parsed.isEmpty()) {
      return fallback;
    }
    long value = parsed.getAsLong();
    if (value < 1 || value > 65535) {
      Log.LOG.warn("{}={} is not a port (1..65535); using {}", name, value, fallback);
      return fallback;
    }
    return (int) value;
  }

  /** The setting's integer; empty when it is unset, blank, or not an integer (that one warns). */
  private OptionalLong parse(String name, int fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(raw.trim()));
    } catch (NumberFormatException e) {
      Log.LOG.warn("{}=\"{}\" is not an integer; using {}", name, raw, fallback);
      return OptionalLong.empty();
    }
  }

  Duration millis(String name, Duration fallback, int min, int max) {
    return Duration.ofMillis(integer(name, (int) fallback.toMillis(), min, max));
  }
}
