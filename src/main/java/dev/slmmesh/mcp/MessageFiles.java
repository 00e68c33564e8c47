package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.slmmesh.config.SecureFiles;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * The unread messages of this session as files its hooks can show (docs/hooks.md, "Messages: shown
 * once"): each pushed message is written to {@code inbox/}, pre-rendered. Whoever first creates
 * {@code claimed/<same name>} (an exclusive create, which succeeds for exactly one process) shows
 * the message: a hook with the shell's noclobber {@code >}, this server with {@code CREATE_NEW}. So
 * no message is shown twice. Claim markers stay for {@value #MARKER_MINUTES} minutes, longer than
 * any hook holds a listing of the inbox. Without a session directory every claim succeeds and
 * nothing is written. Thread-safe.
 */
final class MessageFiles {
  static final int TEXT_MAX = 8000;
  static final int MARKER_MINUTES = 10;
  private static final int REMEMBERED = 10_000;
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,200}");

  private final @Nullable Path inbox;
  private final @Nullable Path claimed;
  private final Map<String, Path> written = new ConcurrentHashMap<>();
  private final Set<String> claimedByHooks = new LinkedHashSet<>();

  /** Names of the claim markers already accounted for (ours, or a hook's already reported). */
  private final Set<String> accounted = ConcurrentHashMap.newKeySet();

  private final AtomicLong seq = new AtomicLong();

  /**
   * @param dir the session directory, or null when there is none
   */
  MessageFiles(@Nullable SessionDir dir) {
    this.inbox = dir == null ? null : dir.resolve(SessionDir.INBOX);
    this.claimed = dir == null ? null : dir.resolve(SessionDir.CLAIMED);
    seq.set(System.currentTimeMillis() * 1000);
  }

  /** Writes the message for the hooks; {@code mayWake} marks it for the wake waiter. */
  void write(PendingMessage m, boolean mayWake) {
    if (inbox == null || !SAFE_ID.matcher(m.messageId()).matches()) {
      return;
    }
    String text = PiggybackText.channelContent(m, TEXT_MAX);
    String escaped = Json.write(new TextNode(text));
    String content = escaped.substring(1, escaped.length() - 1) + "\n" + text + "\n";
    Path file =
        inbox.resolve(
            String.format(
                "%019d-%s-%s.msg", seq.incrementAndGet(), m.messageId(), mayWake ? "w" : "q"));
    try {
      Path tmp = inbox.resolveSibling("." + file.getFileName() + ".tmp");
      Files.writeString(tmp, content);
      SecureFiles.ensureFile(tmp);
      written.put(m.messageId(), file);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file);
      }
    } catch (IOException e) {
      written.remove(m.messageId());
      Log.LOG.warn("Could not write {} for the hooks: {}", file, e.toString());
    }
  }

  /**
   * Takes the message for one of this server's paths: true when this server may show it (it created
   * the claim marker, or the message has no file), false when a hook showed it first.
   */
  boolean claim(String messageId) {
    Path file = written.remove(messageId);
    if (file == null || claimed == null) {
      return !claimedByHook(messageId);
    }
    String name = file.getFileName().toString();
    accounted.add(name);
    try {
      Files.createFile(claimed.resolve(name));
    } catch (FileAlreadyExistsException e) {
      accounted.remove(name); // a hook's marker: drainClaims reports it
      remember(List.of(messageId));
      return false;
    } catch (IOException e) {
      Log.LOG.warn("Could not claim {}: {}", file, e.toString());
    }
    deleteQuietly(file);
    return true;
  }

  /**
   * Ids of the messages hooks showed since the last call. Their inbox files are removed; markers
   * older than {@value #MARKER_MINUTES} minutes too.
   */
  List<String> drainClaims() {
    List<String> ids = new ArrayList<>();
    if (claimed == null || inbox == null) {
      return ids;
    }
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - MARKER_MINUTES * 60_000L);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(claimed, "*.msg")) {
      for (Path marker : files) {
        String name = marker.getFileName().toString();
        if (accounted.add(name)) {
          String id = idOf(name);
          if (id != null) {
            ids.add(id);
            written.remove(id);
          }
          deleteQuietly(inbox.resolve(name));
        } else if (Files.getLastModifiedTime(marker).compareTo(old) < 0) {
          deleteQuietly(marker);
          accounted.remove(name);
        }
      }
    } catch (IOException e) {
      Log.LOG.debug("Reading {}: {}", claimed, e.toString());
    }
    remember(ids);
    return ids;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      Log.LOG.debug("Could not remove {}: {}", file, e.toString());
    }
  }

  /** True when a hook showed this message (the broker may not have heard yet). */
  synchronized boolean claimedByHook(String messageId) {
    return claimedByHooks.contains(messageId);
  }

  private synchronized void remember(List<String> ids) {
    claimedByHooks.addAll(ids);
    for (Iterator<String> it = claimedByHooks.iterator(); claimedByHooks.size() > REMEMBERED; ) {
      it.next();
      it.remove();
    }
  }

  /** {@code <seq>-<id>-<w|q>.msg} to the id. */
  static @Nullable String idOf(String fileName) {
    if (!fileName.endsWith(".msg") || fileName.length() < 26) {
      return null;
    }
    int first = fileName.indexOf('-');
    String id = fileName.substring(first + 1, fileName.length() - ".msg".length() - 2);
    return first < 0 || id.isEmpty() ? null : id;
  }

  /** Created on first use, once logging is set up ({@link McpLogs}). */
  private static final class Log {
    static final Logger LOG = McpLogs.logger(MessageFiles.class);
  }
}
