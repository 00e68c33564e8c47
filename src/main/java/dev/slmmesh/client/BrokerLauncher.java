package dev.slmmesh.client;

import dev.slmmesh.config.Config;
import dev.slmmesh.config.SecureFiles;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a broker daemon as a detached child process: its own session ({@code setsid} where the
 * system has it, so a Ctrl-C to the agent does not reach it), stdin from {@code /dev/null}, stdout
 * and stderr appended to {@code <data>/broker.log}, which is created with mode 0600.
 */
public final class BrokerLauncher {
  private static final Path[] SETSID = {Path.of("/usr/bin/setsid"), Path.of("/bin/setsid")};

  /**
   * As bin/slm-mesh starts a broker: a small heap that starts small, a small young generation, C1
   * only (docs/performance.md), and JVM messages only from warnings up, on stderr. The class-data
   * archive is relocated as the JVM chooses: mapping it where it was written cost the broker 70 ms
   * of CPU at start on Java 17 ("Broker memory" there).
   */
  private static final List<String> BROKER_JVM_FLAGS =
      List.of(
          "-XX:+UseSerialGC",
          "-Xss512k",
          "-Xlog:disable",
          "-Xlog:all=warning:stderr",
          "-Xms12m",
          "-Xmx128m",
          "-Xmn4m",
          "-XX:TieredStopAtLevel=1");

  static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

  /** Set by bin/slm-mesh: the class-data archive this process runs with, or why there is none. */
  public static final String CDS_ARCHIVE = "SLM_MESH_CDS_ARCHIVE";

  /**
   * Set by bin/slm-mesh: the broker's own class-data archive (each role has its own, trained on
   * what that role loads), for a broker this process starts; or why there is none.
   */
  public static final String CDS_BROKER_ARCHIVE = "SLM_MESH_CDS_BROKER_ARCHIVE";

  /**
   * Gives the memory glibc keeps after frees back every 2 s (about 2 MiB less RSS under load), on
   * the Java versions that have the flag: 17.0.9+, 21.0.1+, 22+ (experimental in some of them).
   */
  static final List<String> TRIM_FLAGS =
      List.of("-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=2000");

  /** As bin/slm-mesh: two malloc arenas instead of one per thread. */
  static final String MALLOC_ARENA_MAX = "MALLOC_ARENA_MAX";

  private final List<String> command;
  private final Map<String, String> environment;
  private final Path log;

  /**
   * @param command the program and arguments that run a broker in the foreground
   * @param environment variables set on top of this process's environment
   */
  public BrokerLauncher(List<String> command, Map<String, String> environment, Path log) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must not be empty");
    }
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.log = log;
  }

  /**
   * {@code <java> <flags> -jar <this jar> start}, or {@code <java> <flags> -cp <class path>
   * dev.slmmesh.Main start} when running from classes rather than the jar, with the data dir and
   * port of {@code config}.
   */
  public static BrokerLauncher forThisProgram(Config config) {
    // the broker's archive, made by bin/slm-mesh for this jar and this Java: about 250 ms off the
    // start; the child checks that archive, not the one of this process (ArchiveCheck)
    String archive = config.environment().get(CDS_BROKER_ARCHIVE);
    List<String> flags = archiveFlags(archive);
    List<String> cmd = brokerCommand(flags);
    String childArchive =
        flags.isEmpty() || runningJar() == null
            ? "none: the broker was started without an archive"
            : archive;
    Map<String, String> env =
        Map.of(
            "SLM_MESH_DATA_DIR",
            config.dataDir().toString(),
            "SLM_MESH_PORT",
            Integer.toString(config.port()),
            MALLOC_ARENA_MAX,
            System.getenv().getOrDefault(MALLOC_ARENA_MAX, "2"),
            CDS_ARCHIVE,
            childArchive);
    return new BrokerLauncher(cmd, env, config.files().log());
  }

  /**
   * {@code <java> <flags> <archive flags> -jar <this jar> start}, or {@code <java> <flags> -cp
   * <class path> dev.slmmesh.Main start} when running from classes rather than the jar (then
   * without the archive flags: an archive is made for the jar): the Java this process runs, with
   * the broker's flags.
   */
  public static List<String> brokerCommand(List<String> archiveFlags) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable());
    cmd.addAll(brokerJvmFlags());
    cmd.addAll(thisProgram(archiveFlags));
    cmd.add("start");
    return cmd;
  }

  /**
   * {@code <archive flags> -jar <this jar>}, or {@code -cp <class path> dev.slmmesh.Main} when
   * running from classes: how a child process runs this program.
   */
  public static List<String> thisProgram(List<String> archiveFlags) {
    List<String> cmd = new ArrayList<>();
    Path jar = runningJar();
    if (jar != null) {
      cmd.addAll(archiveFlags);
      cmd.add("-jar");
      cmd.add(jar.toString());
    } else {
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add("dev.slmmesh.Main");
    }
    return cmd;
  }

  /** The broker's JVM flags on the Java this process runs (a child runs the same one). */
  public static List<String> brokerJvmFlags() {
    return jvmFlags(Runtime.version());
  }

  /** The broker's JVM flags on Java {@code version}, as bin/slm-mesh chooses them. */
  static List<String> jvmFlags(Runtime.Version version) {
    List<String> flags = new ArrayList<>(BROKER_JVM_FLAGS);
    int feature = version.feature();
    int update = version.update();
    if (feature >= 22 || (feature == 21 && update >= 1) || (feature == 17 && update >= 9)) {
      flags.addAll(TRIM_FLAGS);
    }
    if (feature >= 22) {
      flags.add(NATIVE_ACCESS); // SQLite's native library; Java 22+ warns without it
    }
    return List.copyOf(flags);
  }

  /**
   * The flags that use {@code archive} (the value of {@link #CDS_ARCHIVE}): {@code .jsa}, Java
   * 17-24; {@code .aot}, Java 25+. None when it names no existing file (it then says why there is
   * none) or one a process of this Java found unusable ({@code <archive>.unusable}). The JVM itself
   * checks that the archive matches the jar and the Java and runs without it when it does not; as
   * in bin/slm-mesh, its messages about the archive are off and the broker's own check ({@code
   * ArchiveCheck}) reports an unused archive once.
   */
  static List<String> archiveFlags(@org.jspecify.annotations.Nullable String archive) {
    if (archive == null
        || !archive.startsWith("/")
        || !Files.isRegularFile(Path.of(archive))
        || Files.exists(Path.of(archive + ".unusable"))) {
      return List.of();
    }
    if (archive.endsWith(".jsa")) {
      return List.of("-Xlog:cds*=off:stderr", "-Xshare:auto", "-XX:SharedArchiveFile=" + archive);
    }
    if (archive.endsWith(".aot")) {
      return List.of("-Xlog:cds*=off:stderr", "-Xlog:aot*=off:stderr", "-XX:AOTCache=" + archive);
    }
    return List.of();
  }

  public List<String> command() {
    return command;
  }

  /** The variables set on top of this process's environment. */
  Map<String, String> environment() {
    return environment;
  }

  /** Starts the child and returns at once; the caller polls {@code /health}. */
  public Process launch() throws IOException {
    createLog();
    List<String> full = new ArrayList<>();
    for (Path setsid : SETSID) {
      if (Files.isExecutable(setsid)) {
        full.add(setsid.toString());
        break;
      }
    }
    full.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(full);
    builder.environment().putAll(environment);
    File devNull = new File("/dev/null");
    if (devNull.exists()) {
      builder.redirectInput(ProcessBuilder.Redirect.from(devNull));
    }
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process process = builder.start();
    if (!devNull.exists()) {
      process.getOutputStream().close();
    }
    return process;
  }

  private void createLog() throws IOException {
    Path dir = log.getParent();
    if (dir != null) {
      SecureFiles.ensureDir(dir);
    }
    try {
      Files.createFile(
          log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      // appended to, as the original does; its mode was set when it was created
    } catch (UnsupportedOperationException e) {
      Files.createFile(log);
    }
  }

  /** The java binary of this process. */
  public static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static @org.jspecify.annotations.Nullable Path runningJar() {
    try {
      var source = BrokerLauncher.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return null;
      }
      Path location = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(location) && location.toString().endsWith(".jar")
          ? location
          : null;
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return null;
    }
  }
}
