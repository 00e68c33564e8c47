package dev.slmmesh.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session directory, its message files and the presence and wake rules read from it. */
class SessionFilesTest {
  private static final long ME = ProcessHandle.current().pid();

  @TempDir Path data;

  private SessionDir open() {
    return SessionDir.open(data.resolve("sessions"), ME, ME).orElseThrow();
  }

  private static PendingMessage message(String id, String text) {
    return new PendingMessage(id, "peer-b", "bee", "text", text, "2026-04-08T10:30:01.123Z");
  }

  @Test
  void theDirectoryIsOwnerOnlyNamedByTheAgentAndGoneAfterClose() throws Exception {
    SessionDir dir = open();
    assertThat(dir.path()).isEqualTo(data.resolve("sessions").resolve(Long.toString(ME)));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.path())))
        .isEqualTo("rwx------");
    dir.writePeer("p-1");
    assertThat(Files.readAllLines(dir.resolve("peer"))).containsExactly("p-1", Long.toString(ME));
    dir.close();
    assertThat(Files.exists(dir.path())).isFalse();
  }

  @Test
  void staleDirectoriesAreSweptAndALiveOnesIsLeftAlone() throws Exception {
    Path sessions = Files.createDirectories(data.resolve("sessions"));
    Path dead = Files.createDirectories(sessions.resolve("999999999"));
    Path deadServer = Files.createDirectories(sessions.resolve("1"));
    Files.writeString(deadServer.resolve("server"), "999999998\n");
    SessionDir mine = open();
    assertThat(dead).doesNotExist();
    assertThat(deadServer).doesNotExist();
    assertThat(SessionDir.open(sessions, ME, ME + 1))
        .isEmpty(); // a second server of the same agent
    assertThat(mine.path()).exists();
  }

  @Test
  void aMessageFileHoldsTheJsonEscapedTextThenThePlainTextAndIsClaimedOnce() throws Exception {
    SessionDir dir = open();
    MessageFiles files = new MessageFiles(dir);
    files.write(message("m-1", "line one\n\"quoted\""), true);
    Path file;
    try (var list = Files.list(dir.resolve("inbox"))) {
      file = list.findFirst().orElseThrow();
    }
    assertThat(file.getFileName().toString()).endsWith("-m-1-w.msg");
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).contains("line one\\n\\\"quoted\\\"").doesNotContain("\n");
    assertThat(String.join("\n", lines.subList(1, lines.size()))).contains("line one\n\"quoted\"");
    assertThat(files.claim("m-1")).isTrue();
    assertThat(file).doesNotExist();
    assertThat(files.claim("m-1")).isTrue(); // no file and no hook showed it: in-memory only
  }

  @Test
  void aMessageAHookClaimedIsNotShownByTheServerAndIsReportedOnce() throws Exception {
    SessionDir dir = open();
    MessageFiles files = new MessageFiles(dir);
    files.write(message("m-2", "hi"), false);
    try (var list = Files.list(dir.resolve("inbox"))) {
      Path f = list.findFirst().orElseThrow();
      assertThat(f.getFileName().toString()).endsWith("-m-2-q.msg");
      Files.createFile(dir.resolve("claimed").resolve(f.getFileName())); // a hook's noclobber ">"
    }
    assertThat(files.claim("m-2")).isFalse();
    assertThat(files.drainClaims()).containsExactly("m-2");
    assertThat(files.drainClaims()).isEmpty();
    try (var list = Files.list(dir.resolve("inbox"))) {
      assertThat(list).isEmpty();
    }
    assertThat(files.claimedByHook("m-2")).isTrue();
  }

  @Test
  void messageIdsComeBackFromFileNames() {
    assertThat(MessageFiles.idOf("1733456789000000001-msg_01J9-abc-w.msg"))
        .isEqualTo("msg_01J9-abc");
    assertThat(MessageFiles.idOf("notes.txt")).isNull();
  }

  @Test
  void repliesToWhatAWokenTurnSentDoNotWakeAndOwnMessagesAreNotTaken() throws Exception {
    SessionDir dir = open();
    WakeGuard guard = new WakeGuard(dir);
    guard.registeredAs("me");
    guard.sent("before-wake");
    Files.writeString(dir.resolve(SessionDir.WOKEN), "");
    guard.sent("during-wake");
    assertThat(guard.mayWake(message("x", "(reply to message during-wake) thanks"))).isFalse();
    assertThat(guard.mayWake(message("y", "(reply to message before-wake) answer"))).isTrue();
    assertThat(guard.mayWake(message("z", "a new question"))).isTrue();
    assertThat(guard.isOwn(new PendingMessage("w", "me", "me", "text", "x", ""))).isTrue();
  }

  @Test
  void presenceComesFromTheHooksFileWithItsTimeAndFromToolCalls() throws Exception {
    SessionDir dir = open();
    MutableClock clock = MutableClock.at("2026-04-08T10:00:00Z");
    PresenceTracker presence = new PresenceTracker(dir, clock, () -> false);
    assertThat(presence.poll()).isFalse();
    assertThat(presence.current()).isNull();
    assertThat(presence.toolCalled()).isTrue();
    assertThat(presence.toolCalled()).isFalse();
    assertThat(presence.current().state()).isEqualTo("working");
    Path file = dir.resolve(SessionDir.PRESENCE);
    Files.writeString(file, "waiting\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-04-08T10:00:05Z")));
    assertThat(presence.poll()).isTrue();
    assertThat(presence.current())
        .isEqualTo(
            new PresenceTracker.State("waiting", Instant.parse("2026-04-08T10:00:05Z"), false));
    assertThat(presence.poll()).isFalse();
    clock.advance(Duration.ofMinutes(10));
    assertThat(presence.poll()).as("hooks keep the state; no decay").isFalse();
  }

  @Test
  void withoutHooksASessionIsIdleAgainTwoMinutesAfterItsLastToolCall() {
    MutableClock clock = MutableClock.at("2026-04-08T10:00:00Z");
    PresenceTracker presence = new PresenceTracker(null, clock, () -> false);
    presence.toolCalled();
    clock.advance(Duration.ofSeconds(119));
    assertThat(presence.poll()).isFalse();
    clock.advance(Duration.ofSeconds(2));
    assertThat(presence.poll()).isTrue();
    assertThat(presence.current().state()).isEqualTo("idle");
    assertThat(presence.toolCalled()).isTrue();
  }

  @Test
  void aChannelSessionIsWakeable() {
    PresenceTracker presence =
        new PresenceTracker(open(), MutableClock.at("2026-04-08T10:00:00Z"), () -> true);
    assertThat(presence.poll()).isTrue();
    assertThat(presence.current().wakeable()).isTrue();
    assertThat(presence.current().state()).isEqualTo("idle");
  }
}
