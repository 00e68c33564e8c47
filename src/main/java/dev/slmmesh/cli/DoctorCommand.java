package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.client.ArchiveCheck;
import dev.slmmesh.client.BrokerLauncher;
import dev.slmmesh.client.BrokerUnavailableException;
import dev.slmmesh.config.DataDir;
import dev.slmmesh.config.SecureFiles;
import dev.slmmesh.setup.ClientHome;
import dev.slmmesh.setup.ClientNeeds;
import dev.slmmesh.setup.ClientStatus;
import dev.slmmesh.setup.KnownClients;
import dev.slmmesh.wire.StatusApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code slm-mesh doctor}: checks what a working mesh needs and says what to do about each failure:
 * Java, the class-data archive, the data directory and token permissions, the broker, and a push
 * round trip through a throw-away peer.
 */
final class DoctorCommand implements Command {
  static final Duration PUSH_WAIT = Duration.ofSeconds(5);

  enum Level {
    OK,
    WARN,
    FAIL
  }

  private enum Reach {
    ANSWERS,
    REFUSES,
    UNREACHABLE
  }

  record Check(String name, Level level, String detail) {}

  @Override
  public CommandSpec spec() {
    return new CommandSpec(
        "doctor",
        "check Java, files, broker and a push round trip",
        List.of("doctor"),
        "Checks the Java runtime, the class-data-sharing archive of the launcher, the data\n"
            + "directory, peers directory and token file permissions, the store file (damaged stores\n"
            + "set aside, a store emptied to 0 bytes), that the broker answers and\n"
            + "owns its PID file, and a full push round trip: a throw-away peer listens on a socket,\n"
            + "is sent a message, acknowledges it and unregisters. For clients set up here, what\n"
            + "they still need from you: Gemini CLI's trust of this folder, Codex's trust of the\n"
            + "hooks. Exit 0 when nothing failed\n"
            + "(warnings allowed), 3 when the broker is unreachable, 1 for any other failure.",
        List.of(),
        0,
        0);
  }

  @Override
  public int run(Invocation call) {
    Context ctx = call.context();
    DataDir files = ctx.config().files();
    List<Check> checks = new ArrayList<>();
    checks.add(java());
    checks.add(archive(ctx));
    checks.add(mode("data directory", files.root(), "rwx------"));
    checks.add(mode("peers directory", files.peers(), "rwx------"));
    checks.add(mode("token file", files.token(), "rw-------"));
    checks.add(StoreHealth.check(files.database()));
    ClientHome home = SetupCommand.clientHome(ctx);
    List<ClientNeeds.Check> clients = new ArrayList<>(ClientStatus.of(home, KnownClients.ALL));
    clients.addAll(new ClientNeeds(home, KnownClients.ALL).checks(ctx.cwd()));
    clients.forEach(
        c -> checks.add(new Check(c.name(), c.met() ? Level.OK : Level.WARN, c.detail())));
    Reach reach = broker(call, checks);
    if (reach == Reach.ANSWERS) {
      checks.add(push(call));
    }
    report(call.out(), checks);
    if (reach == Reach.UNREACHABLE) {
      return ExitCode.UNREACHABLE;
    }
    return checks.stream().anyMatch(c -> c.level() == Level.FAIL) ? ExitCode.REFUSED : ExitCode.OK;
  }

  private static Check java() {
    Runtime.Version v = Runtime.version();
    String detail = v + " at " + System.getProperty("java.home");
    return new Check(
        "java",
        v.feature() >= 17 ? Level.OK : Level.FAIL,
        v.feature() >= 17 ? detail : detail + ": Java 17 or newer is required");
  }

  private static Check archive(Context ctx) {
    String cds = ctx.env().getOrDefault(BrokerLauncher.CDS_ARCHIVE, "");
    if (cds.isEmpty()) {
      return new Check(
          "class-data archive",
          Level.WARN,
          "not started by bin/slm-mesh, so no archive: start-up is slower");
    }
    // in use means mapped by this JVM (where the map cannot be read: the JVM says it shares
    // classes)
    boolean used =
        cds.startsWith("/")
            && Files.isRegularFile(Path.of(cds))
            && ArchiveCheck.mapped(cds, ArchiveCheck.MAPS)
                .orElseGet(() -> System.getProperty("java.vm.info", "").contains("sharing"));
    if (used) {
      return new Check("class-data archive", Level.OK, cds);
    }
    return new Check("class-data archive", Level.WARN, cds + "; start-up is slower");
  }

  static Check mode(String name, Path path, String wanted) {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return new Check(name, Level.WARN, path + " does not exist yet (the broker creates it)");
    }
    try {
      Set<PosixFilePermission> perms =
          Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
      String actual = PosixFilePermissions.toString(perms);
      if (actual.equals(wanted)) {
        return new Check(name, Level.OK, path + " " + actual);
      }
      return new Check(
          name,
          Level.FAIL,
          path
              + " is "
              + actual
              + ", should be "
              + wanted
              + ": fix with chmod "
              + (wanted.startsWith("rwx") ? "700 " : "600 ")
              + path);
    } catch (IOException | UnsupportedOperationException e) {
      return new Check(
          name, Level.WARN, "cannot read the permissions of " + path + ": " + e.getMessage());
    }
  }

  private static Reach broker(Invocation call, List<Check> checks) {
    DataDir files = call.context().config().files();
    try {
      StatusApi.Status status = call.api().status();
      checks.add(
          new Check(
              "broker",
              Level.OK,
              "version "
                  + status.version()
                  + ", PID "
                  + status.pid()
                  + ", port "
                  + status.port()
                  + ", up "
                  + Formats.uptime(status.uptime())
                  + ", "
                  + Formats.count(
                      status.peers() == null ? 0 : status.peers().active(), "active peer")));
      String pidFile = SecureFiles.read(files.pid()).orElse("");
      boolean matches = pidFile.equals(Long.toString(status.pid()));
      checks.add(
          new Check(
              "broker PID file",
              matches ? Level.OK : Level.FAIL,
              matches
                  ? files.pid() + " names the running broker"
                  : files.pid()
                      + " holds \""
                      + pidFile
                      + "\" but the broker reports PID "
                      + status.pid()));
      return Reach.ANSWERS;
    } catch (BrokerUnavailableException e) {
      String text =
          e.status() == 401
              ? Cli.tokenRefused(call.context())
              : e.getMessage()
                  + "; start it with 'slm-mesh start' (agent sessions start it themselves)";
      checks.add(new Check("broker", Level.FAIL, text));
      boolean ours = e.status() != 0 && (e.status() != 401 || Files.exists(files.token()));
      return ours
          ? Reach.REFUSES
          : Reach.UNREACHABLE; // a 401 without a token file: none of ours runs
    }
  }

  private static Check push(Invocation call) {
    Context ctx = call.context();
    try (PushProbe probe = PushProbe.open(call.api(), ctx.config().files(), ctx.tmpDir())) {
      return new Check(
          "push round trip",
          Level.OK,
          probe.roundTrip(ctx.cwd(), ctx.processes().self(), PUSH_WAIT));
    } catch (CliException | BrokerUnavailableException e) {
      return new Check("push round trip", Level.FAIL, e.getMessage());
    } catch (IOException e) {
      return new Check(
          "push round trip", Level.FAIL, "cannot listen on a probe socket: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Check("push round trip", Level.FAIL, "interrupted");
    }
  }

  private static void report(Output out, List<Check> checks) {
    if (out.json()) {
      ObjectNode doc =
          Mesh.body().put("ok", checks.stream().noneMatch(c -> c.level() == Level.FAIL));
      ArrayNode list = doc.putArray("checks");
      for (Check c : checks) {
        list.addObject()
            .put("name", c.name())
            .put("status", c.level().name().toLowerCase(Locale.ROOT))
            .put("detail", c.detail());
      }
      out.document(doc);
      return;
    }
    Table table = new Table(List.of("CHECK", "RESULT", "DETAIL"), 20, 6, 0);
    checks.forEach(c -> table.row(c.name(), c.level().name(), c.detail()));
    out.table(table);
  }
}
