package dev.slmmesh.mcp;

import dev.slmmesh.base.LineReader;
import dev.slmmesh.base.Threads;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * The session's push socket (docs/wire.md, "Push"): a Unix-domain listener, mode 0600, that the
 * broker connects to and writes NDJSON notifications on. Accepts several connections (the broker
 * reconnects), reads lines of at most 1 MiB each, and lets the handler write replies (acks) on the
 * same connection. Closing it closes every connection and deletes the socket file.
 */
final class PushListener implements AutoCloseable {
  static final int MAX_LINE_BYTES = 1024 * 1024;
  static final int MAX_CONNECTIONS = 16;

  /** Receives each non-empty line; may answer on {@code link}. Called on the connection thread. */
  interface Handler {
    void onLine(String line, Link link);
  }

  /** The write side of one connection. Thread-safe. */
  static final class Link {
    private final SocketChannel channel;

    Link(SocketChannel channel) {
      this.channel = channel;
    }

    /** Writes one line (a newline is added); false when the connection is gone. */
    synchronized boolean writeLine(String line) {
      ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
      try {
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        return true;
      } catch (IOException e) {
        return false;
      }
    }
  }

  private final Path path;
  private final ServerSocketChannel server;
  private final Handler handler;
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger accepted = new AtomicInteger();

  private PushListener(Path path, ServerSocketChannel server, Handler handler) {
    this.path = path;
    this.server = server;
    this.handler = handler;
  }

  /** Binds {@code path} (deleting a stale file first), restricts it to 0600, starts accepting. */
  static PushListener open(Path path, Handler handler) throws IOException {
    Files.deleteIfExists(path);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(path));
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException | RuntimeException e) {
      server.close();
      Files.deleteIfExists(path);
      throw e;
    }
    PushListener listener = new PushListener(path, server, handler);
    Threads.daemon("mcp-push-accept", listener::acceptLoop).start();
    return listener;
  }

  Path path() {
    return path;
  }

  /** Connections currently open (normally one: the broker's). */
  int connections() {
    return open.size();
  }

  /** Connections accepted since the listener opened. */
  int accepted() {
    return accepted.get();
  }

  private void acceptLoop() {
    while (!closed.get()) {
      try {
        SocketChannel channel = server.accept();
        if (open.size() >= MAX_CONNECTIONS) {
          Log.LOG.warn(
              "Push socket {}: {} connections already open; refusing another",
              path,
              MAX_CONNECTIONS);
          channel.close();
          continue;
        }
        open.add(channel);
        accepted.incrementAndGet();
        Threads.daemon("mcp-push-" + accepted.get(), () -> serve(channel)).start();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!closed.get()) {
          Log.LOG.warn("Push socket {}: accept failed: {}", path, e.toString());
        }
        return;
      }
    }
  }

  private void serve(SocketChannel channel) {
    Link link = new Link(channel);
    LineReader reader = new LineReader(new ChannelInput(channel), MAX_LINE_BYTES);
    try (channel) {
      while (true) {
        String line;
        try {
          line = reader.readLine();
        } catch (LineReader.LineTooLongException e) {
          Log.LOG.warn("Push socket {}: {}", path, e.getMessage());
          continue;
        }
        if (line == null) {
          return;
        }
        if (!line.isBlank()) {
          handler.onLine(line, link);
        }
      }
    } catch (IOException e) {
      if (!closed.get()) {
        Log.LOG.debug("Push connection on {} ended: {}", path, e.toString());
      }
    } catch (RuntimeException e) {
      Log.LOG.error("Push connection on {} failed", path, e);
    } finally {
      open.remove(channel);
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      server.close();
    } catch (IOException e) {
      Log.LOG.debug("Closing push listener {}: {}", path, e.toString());
    }
    for (SocketChannel c : open) {
      try {
        c.close();
      } catch (IOException e) {
        Log.LOG.debug("Closing push connection: {}", e.toString());
      }
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      Log.LOG.warn("Cannot delete push socket {}: {}", path, e.toString());
    }
  }

  /** Created on first use, once logging is set up ({@link McpLogs}). */
  private static final class Log {
    static final Logger LOG = McpLogs.logger(PushListener.class);
  }
}
