package dev.slmmesh.mcp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Decides which pushed messages may wake this session (docs/hooks.md, "Waking an idle session"):
 * never its own, and never an answer to a message this session sent during a turn a wake started
 * (the {@code woken} file exists then). So a wake, its reply and the answer to that reply make one
 * round trip and stop, instead of two agents waking each other forever. Thread-safe.
 */
final class WakeGuard {
  private static final int REMEMBERED = 1000;
  private static final Pattern REPLY = Pattern.compile("^\\(reply to message ([^)\\s]{1,200})\\) ");

  private final @Nullable Path woken;
  private final Set<String> sentWhileWoken = new LinkedHashSet<>();
  private volatile @Nullable String self;

  /**
   * @param dir the session directory, or null when there is none (then nothing wakes)
   */
  WakeGuard(@Nullable SessionDir dir) {
    this.woken = dir == null ? null : dir.resolve(SessionDir.WOKEN);
  }

  void registeredAs(String peerId) {
    self = peerId;
  }

  boolean isOwn(PendingMessage m) {
    return m.fromPeer().equals(self);
  }

  /** This session sent a message; remembered when a wake started the turn that sent it. */
  void sent(String messageId) {
    if (woken != null && Files.exists(woken)) {
      synchronized (sentWhileWoken) {
        sentWhileWoken.add(messageId);
        Iterator<String> oldest = sentWhileWoken.iterator();
        while (sentWhileWoken.size() > REMEMBERED) {
          oldest.next();
          oldest.remove();
        }
      }
    }
  }

  boolean mayWake(PendingMessage m) {
    Matcher reply = REPLY.matcher(m.text());
    if (!reply.find()) {
      return true;
    }
    synchronized (sentWhileWoken) {
      return !sentWhileWoken.contains(reply.group(1));
    }
  }
}
