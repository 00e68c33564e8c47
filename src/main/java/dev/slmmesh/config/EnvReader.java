package dev.slmmesh.config;

import java.time.Duration;
import java.util.Map;
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
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw.trim());
      if (value < min || value > max) {
        long clamped = Math.max(min, Math.min(max, value));
        Log.LOG.warn("{}={} is outside {}..{}; using {}", name, raw, min, max, clamped);
        return (int) clamped;
      }
      return (int) value;
    } catch (NumberFormatException e) {
      Log.LOG.warn("{}=\"{}\" is not an integer; using {}", name, raw, fallback);
      return fallback;
    }
  }

  /**
   * A TCP port a client must be able to find: a value outside 1..65535 (0 included, which would
   * pick a random port no session could find) warns and takes the default rather than a clamped
   * port.
   */
  int port(String name, int fallback) {
    String raw = env.get(name);
    try {
      if (raw != null && !raw.isBlank()) {
        long value = Long.parseLong(raw.trim());
        if (value < 1 || value > 65535) {
          Log.LOG.warn("{}={} is not a port (1..65535); using {}", name, raw, fallback);
          return fallback;
        }
      }
    } catch (NumberFormatException e) {
      // integer() below warns about it
    }
    return integer(name, fallback, 1, 65535);
  }

  Duration millis(String name, Duration fallback, int min, int max) {
    return Duration.ofMillis(integer(name, (int) fallback.toMillis(), min, max));
  }
}
