package dev.slmmesh.push;

import static dev.slmmesh.push.Waiting.soon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A peer's push listener that reads only when told to, so that the broker's socket buffer fills: it
 * accepts connections on demand, reads nothing until {@link #resume}, then records every line of
 * its current connection in arrival order on a daemon thread ({@code stalling-peer-read}).
 */
final class StallingPeer implements AutoCloseable {

  private final Path path;
  private final ServerSocketChannel server;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private @Nullable SocketChannel connection;

  private StallingPeer(Path path, ServerSocketChannel server) {
    this.path = path;
    this.server = server;
  }

  static StallingPeer listen(Path path) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    server.configureBlocking(false);
    return new StallingPeer(path, server);
  }

  Path path() {
    return path;
  }

  /** Waits (bounded) for the broker's next connection, which becomes the current one. */
  void accept() {
    AtomicReference<SocketChannel> accepted = new AtomicReference<>();
    soon()
        .until(
            () -> {
              accepted.set(server.accept());
              return accepted.get() != null;
            });
    connection = accepted.get();
  }

  /** Without waiting: the complete lines already in the socket, recorded and returned. */
  List<String> readNow() throws IOException {
    SocketChannel ch = current();
    ch.configureBlocking(false);
    int before = lines.size();
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    while (ch.read(buffer.clear()) > 0) {
      split(buffer);
    }
    return List.copyOf(lines.subList(before, lines.size()));
  }

  /** Starts reading the current connection until it ends. */
  void resume() throws IOException {
    SocketChannel ch = current();
    ch.configureBlocking(true);
    Thread reader = new Thread(() -> readUntilClosed(ch), "stalling-peer-read");
    reader.setDaemon(true);
    reader.start();
  }

  /** Writes one raw line (a newline is appended) to the current connection. */
  void writeLine(String raw) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap((raw + "\n").getBytes(StandardCharsets.UTF_8));
    SocketChannel ch = current();
    synchronized (ch) {
      while (bytes.hasRemaining()) {
        ch.write(bytes);
      }
    }
  }

  /** The peer stops reading for good: the broker's next write fails (EPIPE), its reads do not. */
  void shutdownInput() throws IOException {
    current().shutdownInput();
  }

  /** Waits (bounded) until at least {@code n} lines arrived; returns all of them. */
  List<String> awaitLines(int n) {
    soon().until(() -> lines.size() >= n);
    return List.copyOf(lines);
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() throws IOException {
    server.close();
    if (connection != null) {
      connection.close();
    }
  }

  private SocketChannel current() {
    SocketChannel ch = connection;
    if (ch == null) {
      throw new IllegalStateException("no connection accepted at " + path);
    }
    return ch;
  }

  private void readUntilClosed(SocketChannel ch) {
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    try {
      while (ch.read(buffer.clear()) >= 0) {
        split(buffer);
      }
    } catch (IOException e) {
      // closed by close() or by the broker: the reader simply ends
    }
  }

  private synchronized void split(ByteBuffer buffer) {
    for (int i = 0; i < buffer.position(); i++) {
      byte b = buffer.get(i);
      if (b == '\n') {
        lines.add(partial.toString(StandardCharsets.UTF_8));
        partial.reset();
      } else {
        partial.write(b);
      }
    }
  }
}
