package dev.slmmesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The import rules of docs/architecture.md, enforced on the sources: packages by component,
 * dependencies one way; mcp and cli only speak HTTP through client.
 */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/dev/slmmesh");
  // the package of an import or a qualified name: the lower-case segments before the class
  private static final Pattern IMPORT =
      Pattern.compile(
          "(?m)^import (?:static )?dev\\.slmmesh\\.([a-z]\\w*(?:\\.[a-z]\\w*)*)\\.[A-Z]");
  private static final Pattern QUALIFIED =
      Pattern.compile("\\bdev\\.slmmesh\\.([a-z]\\w*(?:\\.[a-z]\\w*)*)\\.[A-Z]");

  private static final String BASE = "base";
  private static final Pattern BARE_THREAD = Pattern.compile("\\bnew\\s+Thread\\s*\\(");

  private static final Map<String, Set<String>> ALLOWED =
      Map.ofEntries(
          // the lowest layer (threads, backoff, line reader, /proc): every package may import it
          Map.entry(BASE, Set.of()),
          Map.entry("config", Set.of()),
          // mDNS: the hub (daemon) advertises, clients (client) browse; it knows neither
          Map.entry("discovery", Set.of("wire", "config")),
          Map.entry("wire", Set.of()),
          Map.entry("store", Set.of("wire")),
          Map.entry("broker", Set.of("store", "wire", "config")),
          // every broker-side transport and its routing; ClusterPush rides the store's channel
          Map.entry("push", Set.of("broker", "store", "wire", "config")),
          // the hub's WebSocket endpoint adapts Jetty to push.WsPushHub; push knows no Jetty
          Map.entry("http", Set.of("push", "broker", "store", "wire", "config")),
          // the web dashboard: in front of the API on the loopback port, talks to the broker
          // in-process
          Map.entry("dashboard", Set.of("broker", "store", "wire", "config")),
          // the memory bridge: the daemon remembers through it, the CLI and MCP server recall
          Map.entry("memory", Set.of("config")),
          Map.entry(
              "daemon",
              Set.of(
                  "dashboard",
                  "http",
                  "push",
                  "discovery",
                  "memory",
                  "broker",
                  "store",
                  "wire",
                  "config")),
          Map.entry("client", Set.of("discovery", "wire", "config")),
          Map.entry("mcp", Set.of("client", "memory", "wire", "config")),
          // agent-client set-up: the client descriptors, the JSON and TOML editors, the hook
          // scripts
          Map.entry("setup", Set.of("wire", "config")),
          // the commands; their argument parsing (cli.args) knows no command
          Map.entry("cli", Set.of("cli.args", "setup", "client", "memory", "wire", "config")),
          Map.entry("cli.args", Set.of()));

  @Test
  void everyPackageImportsOnlyWhatTheLayeringAllows() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, Set<String>> rule : ALLOWED.entrySet()) {
      Path dir = MAIN.resolve(rule.getKey().replace('.', '/'));
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String src = Files.readString(file);
          for (Pattern p : List.of(IMPORT, QUALIFIED)) {
            Matcher m = p.matcher(src);
            while (m.find()) {
              String target = m.group(1);
              if (!target.equals(rule.getKey())
                  && ALLOWED.containsKey(target)
                  && !rule.getValue().contains(target)
                  && !target.equals(BASE)) {
                violations.add(MAIN.relativize(file) + " uses " + target);
              }
            }
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void everyPackageHasARule() throws IOException {
    try (Stream<Path> dirs = Files.walk(MAIN)) {
      List<String> packages =
          dirs.filter(d -> !d.equals(MAIN) && Files.isDirectory(d))
              .map(d -> MAIN.relativize(d).toString().replace('/', '.'))
              .toList();
      assertThat(ALLOWED.keySet()).containsAll(packages);
    }
  }

  @Test
  void everyPackageIsNullMarked() throws IOException {
    for (String pkg : ALLOWED.keySet()) {
      Path info = MAIN.resolve(pkg.replace('.', '/')).resolve("package-info.java");
      assertThat(info).exists();
      assertThat(Files.readString(info)).contains("@NullMarked");
    }
  }

  @Test
  void theLowestLayerImportsNothingOfTheProject() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN.resolve(BASE))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String src = Files.readString(file);
        for (Pattern p : List.of(IMPORT, QUALIFIED)) {
          Matcher m = p.matcher(src);
          while (m.find()) {
            if (!m.group(1).equals(BASE)) {
              violations.add(MAIN.relativize(file) + " uses " + m.group(1));
            }
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  /** Threads come from {@code base.Threads}, which names them and logs what they throw. */
  @Test
  void noBareNewThreadOutsideTheLowestLayer() throws IOException {
    assertThat(bareThreads(MAIN)).isEmpty();
  }

  static List<String> bareThreads(Path root) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        if (root.relativize(file).startsWith(BASE)) {
          continue;
        }
        if (BARE_THREAD.matcher(Files.readString(file)).find()) {
          found.add(root.relativize(file).toString());
        }
      }
    }
    return found;
  }

  @Test
  void theBareThreadCheckFindsOne(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("mcp"));
    Files.createDirectories(dir.resolve(BASE));
    Files.writeString(
        dir.resolve("mcp/A.java"), "class A { Thread t = new Thread(() -> {}, \"a\"); }");
    Files.writeString(
        dir.resolve("base/T.java"), "class T { Thread t = new Thread(() -> {}, \"t\"); }");
    assertThat(bareThreads(dir)).containsExactly("mcp/A.java");
  }

  /** Push owns its transports but not the web server: Jetty stays in {@code http}. */
  @Test
  void pushDoesNotDependOnJetty() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN.resolve("push"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        assertThat(Files.readString(file)).as(file.toString()).doesNotContain("org.eclipse.jetty");
      }
    }
  }

  /** A file stays small enough to read in one sitting (formatted: about 450 lines, 500 at most). */
  @Test
  void noSourceFileIsOver500Lines() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        assertThat(Files.readAllLines(file)).as(file.toString()).hasSizeLessThanOrEqualTo(500);
      }
    }
  }

  /** A class name says which side it is on: no name exists in two packages. */
  @Test
  void noClassNameExistsInTwoPackages() throws IOException {
    java.util.Map<String, List<String>> byName = new java.util.TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String name = file.getFileName().toString();
        if (!name.equals("package-info.java")) {
          byName
              .computeIfAbsent(name, n -> new ArrayList<>())
              .add(MAIN.relativize(file).toString());
        }
      }
    }
    byName.values().removeIf(places -> places.size() < 2);
    assertThat(byName).isEmpty();
  }

  /**
   * Routes are named once, in {@code wire.MeshRoute}: no other main file spells a route's path (the
   * memory bridge's {@code /health} is another service's).
   */
  @Test
  void routePathsAreSpelledOnlyInMeshRoute() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path relative = MAIN.relativize(file);
        if (relative.equals(Path.of("wire/MeshRoute.java")) || relative.startsWith("memory")) {
          continue;
        }
        String text = Files.readString(file);
        for (dev.slmmesh.wire.MeshRoute route : dev.slmmesh.wire.MeshRoute.values()) {
          if (text.contains("\"" + route.path() + "\"")) {
            found.add(relative + ": " + route.path());
          }
        }
      }
    }
    assertThat(found).isEmpty();
  }
}
