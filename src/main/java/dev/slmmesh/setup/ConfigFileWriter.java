package dev.slmmesh.setup;

import dev.slmmesh.config.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Applies one text edit to a settings file safely: unchanged content is not rewritten; a file that
 * changes is first copied to {@code <file>.slm-mesh-backup-<UTC time>}; the new content is written
 * to a temporary file beside it and renamed over it, keeping the file's permissions (new files are
 * 0600) and writing through a symbolic link to its target. A removal whose edit leaves nothing
 * deletes the file (after the backup).
 */
public final class ConfigFileWriter {
  public static final String BACKUP_SUFFIX = ".slm-mesh-backup-";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final Set<PosixFilePermission> NEW_FILE =
      PosixFilePermissions.fromString("rw-------");

  public enum Action {
    CREATED,
    UPDATED,
    REMOVED,
    UNCHANGED,
    ABSENT
  }

  /** What happened to one file; {@code backup} is null when none was needed. */
  public record Result(Path file, Action action, @Nullable Path backup) {}

  private final Clock clock;

  public ConfigFileWriter(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param createIfAbsent false for removals: a missing file stays missing
   * @param dryRun compute the outcome without touching the disk
   * @throws IllegalArgumentException from the edit, when the content cannot be edited safely
   */
  public Result apply(
      Path file,
      UnaryOperator<String> edit,
      boolean createIfAbsent,
      boolean removing,
      boolean dryRun)
      throws IOException {
    Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file;
    String before = read(target);
    if (before == null && !createIfAbsent) {
      return new Result(file, Action.ABSENT, null);
    }
    String after = edit.apply(before == null ? "" : before);
    if (after.equals(before)) {
      return new Result(file, Action.UNCHANGED, null);
    }
    Action action = before == null ? Action.CREATED : removing ? Action.REMOVED : Action.UPDATED;
    if (dryRun) {
      return new Result(file, action, null);
    }
    Path backup = before == null ? null : backup(target);
    if (removing && after.isEmpty()) {
      Files.delete(
          target); // a file that was wholly ours (a command file): removed, its backup kept
      return new Result(file, action, backup);
    }
    write(target, after);
    return new Result(file, action, backup);
  }

  private static @Nullable String read(Path file) throws IOException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private Path backup(Path file) throws IOException {
    String base = file.getFileName() + BACKUP_SUFFIX + STAMP.format(clock.instant());
    Path backup = file.resolveSibling(base);
    for (int n = 1; Files.exists(backup, LinkOption.NOFOLLOW_LINKS); n++) {
      backup = file.resolveSibling(base + "-" + n);
    }
    Files.copy(file, backup, StandardCopyOption.COPY_ATTRIBUTES);
    return backup;
  }

  private static void write(Path file, String text) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Set<PosixFilePermission> perms =
        Files.exists(file) ? Files.getPosixFilePermissions(file) : NEW_FILE;
    SecureFiles.writeAtomically(file, text, perms);
  }
}
