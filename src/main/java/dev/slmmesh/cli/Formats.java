package dev.slmmesh.cli;

import java.util.Locale;

/** Human formats of the original's CLI: uptime and byte sizes. */
final class Formats {
  private Formats() {}

  /** {@code 42s}, {@code 3m 7s}, {@code 2h 5m}, {@code 2h}. */
  static String uptime(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m " + seconds % 60 + "s";
    }
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    return minutes == 0 ? hours + "h" : hours + "h " + minutes + "m";
  }

  /** {@code 512 B}, {@code 4.0 KB}, {@code 1.5 MB}, {@code 2.0 GB} (1024 base, one decimal). */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    double kb = n / 1024.0;
    if (kb < 1024) {
      return String.format(Locale.ROOT, "%.1f KB", kb);
    }
    double mb = kb / 1024;
    if (mb < 1024) {
      return String.format(Locale.ROOT, "%.1f MB", mb);
    }
    return String.format(Locale.ROOT, "%.1f GB", mb / 1024);
  }

  /** {@code 1 message} / {@code 2 messages}. */
  static String count(long n, String noun) {
    return count(n, noun, noun + "s");
  }

  static String count(long n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }
}
