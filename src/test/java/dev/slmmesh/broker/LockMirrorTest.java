package dev.slmmesh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slmmesh.store.SqliteStore;
import dev.slmmesh.wire.Lock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockMirrorTest {
  private static final Instant AT = Instant.parse("2026-12-06T03:00:00Z");

  private static Lock lock(String path, String by, String reason) {
    return new Lock(path, by, AT, AT.plusSeconds(600), reason);
  }

  @Test
  void oneTabSeparatedLinePerLockWithTheHoldersName() {
    String text =
        LockMirror.render(
            List.of(lock("/repo/a.txt", "p1", "fixing it"), lock("/repo/b c.txt", "p2", "")),
            Map.of("p1", "alice", "p2", "bob")::get);
    assertThat(text)
        .isEqualTo(
            LockMirror.HEADER
                + "/repo/a.txt\tp1\t"
                + AT.plusSeconds(600).toEpochMilli()
                + "\talice\tfixing it\n"
                + "/repo/b c.txt\tp2\t"
                + AT.plusSeconds(600).toEpochMilli()
                + "\tbob\t\n");
  }

  @Test
  void keysNoHookCouldMatchAreLeftOutAndFieldsStayOnOneLine() {
    String text =
        LockMirror.render(
            List.of(
                lock("repo:app/src/a.txt", "p1", ""),
                lock("0123abcd-ef:/x", "p1", ""),
                lock("/tab\there", "p1", ""),
                lock("/new\nline", "p1", ""),
                lock("/ok", "p1", "two\nlines\tand tab")),
            id -> "na\tme");
    assertThat(text.lines().skip(1))
        .containsExactly(
            "/ok\tp1\t" + AT.plusSeconds(600).toEpochMilli() + "\tna me\ttwo lines and tab");
  }

  @Test
  void aStormOfChangesEndsWithTheFileShowingTheLastState(@TempDir Path dir) {
    Path file = dir.resolve("locks.tsv");
    try (SqliteStore store = SqliteStore.inMemory();
        LockMirror mirror = LockMirror.start(store, Clock.fixed(AT, ZoneOffset.UTC), file)) {
      for (int i = 0; i < 200; i++) {
        store.locks().acquire(lock("/src/f" + i, "p1", ""), AT);
        mirror.changed();
        if (i < 199) {
          store.locks().release("/src/f" + i, "p1");
          mirror.changed();
        }
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(Files.readString(file))
                      .contains("/src/f199\t")
                      .doesNotContain("/src/f198\t"));
    }
    assertThat(file).doesNotExist();
  }
}
