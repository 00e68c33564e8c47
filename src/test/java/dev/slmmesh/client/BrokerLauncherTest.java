package dev.slmmesh.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerLauncherTest {
  @Test
  void nativeHeapTrimmingOnlyOnJavaVersionsThatHaveTheFlag() {
    for (String v : new String[] {"17", "17.0.8", "18.0.2", "20.0.1", "21"}) {
      assertThat(BrokerLauncher.jvmFlags(Runtime.Version.parse(v)))
          .as(v)
          .doesNotContainAnyElementsOf(BrokerLauncher.TRIM_FLAGS);
    }
    for (String v : new String[] {"17.0.9", "17.0.15", "21.0.1", "22", "25.0.1"}) {
      assertThat(BrokerLauncher.jvmFlags(Runtime.Version.parse(v)))
          .as(v)
          .containsSequence(BrokerLauncher.TRIM_FLAGS);
    }
    assertThat(BrokerLauncher.jvmFlags(Runtime.Version.parse("17.0.15")))
        .startsWith(
            "-XX:+UseSerialGC",
            "-Xss512k",
            "-Xlog:disable",
            "-Xlog:all=warning:stderr",
            "-Xms12m",
            "-Xmx128m",
            "-Xmn4m",
            "-XX:TieredStopAtLevel=1")
        .doesNotContain(BrokerLauncher.NATIVE_ACCESS)
        // mapped where it was written, the broker's archive cost it 70 ms of CPU at start
        .doesNotContain("-XX:ArchiveRelocationMode=0");
    assertThat(BrokerLauncher.jvmFlags(Runtime.Version.parse("25.0.1")))
        .contains(BrokerLauncher.NATIVE_ACCESS);
  }

  @Test
  void theArchiveOfTheLauncherScriptIsUsedWhenItNamesAFile(@TempDir Path dir) throws Exception {
    Path jsa = Files.createFile(dir.resolve("0123456789abcdef-17.0.15.jsa"));
    Path aot = Files.createFile(dir.resolve("0123456789abcdef-25.0.1.aot"));
    assertThat(BrokerLauncher.archiveFlags(jsa.toString()))
        .containsExactly("-Xlog:cds*=off:stderr", "-Xshare:auto", "-XX:SharedArchiveFile=" + jsa);
    assertThat(BrokerLauncher.archiveFlags(aot.toString()))
        .containsExactly("-Xlog:cds*=off:stderr", "-Xlog:aot*=off:stderr", "-XX:AOTCache=" + aot);
    assertThat(BrokerLauncher.archiveFlags(null)).isEmpty();
    assertThat(BrokerLauncher.archiveFlags("none: SLM_MESH_CDS=off")).isEmpty();
    assertThat(BrokerLauncher.archiveFlags(dir.resolve("gone.jsa").toString())).isEmpty();
    assertThat(BrokerLauncher.archiveFlags("relative.jsa")).isEmpty();
    assertThat(BrokerLauncher.archiveFlags(Files.createFile(dir.resolve("x.txt")).toString()))
        .isEmpty();
    // one that a process of this Java found unmapped (ArchiveCheck) is left out from then on
    Files.createFile(dir.resolve(aot.getFileName() + ".unusable"));
    assertThat(BrokerLauncher.archiveFlags(aot.toString())).isEmpty();
  }

  @Test
  void theBrokerCommandCarriesTheFlagsAndTheArenaLimitOfTheLauncherScript() {
    BrokerLauncher launcher =
        BrokerLauncher.forThisProgram(Config.defaults(Path.of("/tmp/slm-mesh-test-data")));
    assertThat(launcher.command()).containsSequence(BrokerLauncher.jvmFlags(Runtime.version()));
    assertThat(launcher.command()).last().isEqualTo("start");
    assertThat(launcher.environment())
        .containsEntry(
            BrokerLauncher.MALLOC_ARENA_MAX,
            System.getenv().getOrDefault(BrokerLauncher.MALLOC_ARENA_MAX, "2"));
  }

  @Test
  void aStartedBrokerChecksTheBrokersArchiveNotTheOneOfTheProcessThatStartsIt(@TempDir Path dir)
      throws Exception {
    Path cli = Files.createFile(dir.resolve("cli-0123456789abcdef-25.0.1.aot"));
    Path broker = Files.createFile(dir.resolve("broker-0123456789abcdef-25.0.1.aot"));
    Config config =
        Config.defaults(dir.resolve("data"))
            .withEnvironment(
                Map.of(
                    BrokerLauncher.CDS_ARCHIVE,
                    cli.toString(),
                    BrokerLauncher.CDS_BROKER_ARCHIVE,
                    broker.toString()));
    BrokerLauncher launcher = BrokerLauncher.forThisProgram(config);
    // the child's own check (ArchiveCheck) looks for the broker's archive in its memory map, when
    // it runs with it (from the jar; these tests run from classes, so without)
    String command = String.join(" ", launcher.command());
    assertThat(command).doesNotContain(cli.toString());
    if (command.contains(broker.toString())) {
      assertThat(launcher.environment())
          .containsEntry(BrokerLauncher.CDS_ARCHIVE, broker.toString());
    } else {
      assertThat(launcher.environment().get(BrokerLauncher.CDS_ARCHIVE)).startsWith("none: ");
    }
    // without a broker archive named, the child checks nothing rather than the caller's archive
    BrokerLauncher none =
        BrokerLauncher.forThisProgram(
            Config.defaults(dir.resolve("data"))
                .withEnvironment(Map.of(BrokerLauncher.CDS_ARCHIVE, cli.toString())));
    assertThat(none.environment().get(BrokerLauncher.CDS_ARCHIVE)).startsWith("none: ");
    assertThat(String.join(" ", none.command())).doesNotContain(cli.toString());
  }
}
