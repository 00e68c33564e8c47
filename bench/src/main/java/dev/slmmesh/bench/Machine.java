package dev.slmmesh.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the figures were measured on: CPU, cores, memory, OS, Java, and the load right now. */
final class Machine {
  private Machine() {}

  static Map<String, Object> describe(Path launcher) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpu", first("/proc/cpuinfo", "model name"));
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("memory", first("/proc/meminfo", "MemTotal"));
    m.put("os", osName());
    m.put("kernel", System.getProperty("os.version"));
    m.put(
        "benchJava", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("launcher", launcher.toString());
    m.put("loadAtStart", loadavg());
    return m;
  }

  /** The first three fields of {@code /proc/loadavg}: load over 1, 5 and 15 minutes. */
  static String loadavg() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** The one-minute load average, or NaN. */
  static double load1() {
    try {
      return Double.parseDouble(loadavg().split(" ")[0]);
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /** The Java the broker actually runs on, from its {@code /proc/<pid>/exe}. */
  static String javaOf(long pid) {
    try {
      Path exe = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe"));
      Path home = exe.getParent().getParent();
      for (String line : Files.readAllLines(home.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          return exe + " (" + line.substring(13).replace("\"", "") + ")";
        }
      }
      return exe.toString();
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String osName() {
    String pretty = first("/etc/os-release", "PRETTY_NAME");
    return pretty.isEmpty()
        ? System.getProperty("os.name")
        : pretty.replace("\"", "").replaceFirst("^=", "");
  }

  private static String first(String file, String key) {
    try {
      List<String> lines = Files.readAllLines(Path.of(file));
      for (String line : lines) {
        if (line.startsWith(key)) {
          String v = line.substring(key.length()).trim();
          return v.startsWith(":") || v.startsWith("=") ? v.substring(1).trim() : v;
        }
      }
    } catch (IOException e) {
      // not Linux, or not readable: leave the field empty
    }
    return "";
  }
}
