package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.slmmesh.config.SecureFiles;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import org.slf4j.LoggerFactory;

/**
 * The unread messages of this session as files its hooks can show (docs/hooks.md, "Messages:
 * shown once"): each pushed message is written to {@code inbox/}, pre-rendered; whoever takes the
 * file first shows the message. Hooks move it to {@code claimed/}; this server's own paths delete
 * it. Both succeed for exactly one process, so no message is shown twice. Without a session
 * directory every claim succeeds and nothing is written. Thread-safe.
 */
final class MessageFiles {
  static final int TEXT_MAX = 8000;
  private static final int REMEMBERED = 10_000;
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,200}");
  private static final Logger LOG = LoggerFactory.getLogger(MessageFiles.class);

  private final @Nullable Path inbox;
  private final @Nullable Path claimed;
  private final Map<String, Path> written = new ConcurrentHashMap<>();
  private final Set<String> claimedByHooks = new LinkedHashSet<>();
  private final AtomicLong seq = new AtomicLong();

  /** @param dir the session directory, or null when there is none */
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
    Path file = inbox.resolve(String.format("%019d-%s-%s.msg", seq.incrementAndGet(), m.messageId(),
        mayWake ? "w" : "q"));
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
      LOG.warn("Could not write {} for the hooks: {}", file, e.toString());
    }
  }

  /**
   * Takes the message for one of this server's paths: true when this server may show it (its
   * file deleted here, or it has none), false when a hook showed it first.
   */
  boolean claim(String messageId) {
    Path file = written.remove(messageId);
    if (file == null) {
      return !claimedByHook(messageId);
    }
    try {
      Files.delete(file);
      return true;
    } catch (NoSuchFileException e) {
      remember(List.of(messageId)); // a hook moved it: claimed/ tells the rest soon
      return false;
    } catch (IOException e) {
      LOG.warn("Could not remove {}: {}", file, e.toString());
      return true;
    }
  }

  /** Ids of the messages hooks showed since the last call; their files are removed. */
  List<String> drainClaims() {
    List<String> ids = new ArrayList<>();
    if (claimed == null) {
      return ids;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(claimed, "*.msg")) {
      for (Path f : files) {
        String id = idOf(f.getFileName().toString());
        if (id != null) {
          ids.add(id);
          written.remove(id);
        }
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      LOG.debug("Reading {}: {}", claimed, e.toString());
    }
    remember(ids);
    return ids;
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
}
