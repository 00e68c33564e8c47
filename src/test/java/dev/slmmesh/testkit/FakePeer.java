package dev.slmmesh.testkit;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.wire.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * A peer's push listener for tests: listens on a Unix socket (a stale file is deleted first),
 * accepts any number of connections, records every line received on any of them in arrival order,
 * and can acknowledge message notifications, drop its connections, or stop and restart listening on
 * the same path. Threads are daemons named {@code fake-peer-*}.
 */
public final class FakePeer implements AutoCloseable {

  private final Path path;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile boolean autoAck;
  private volatile boolean paused;
  private ServerSocketChannel server;

  private FakePeer(Path path) {
    this.path = path;
  }

  /**
   * Starts listening at {@code path} (keep it short: Unix socket paths are capped at 107 bytes).
   */
  public static FakePeer listen(Path path) throws IOException {
    FakePeer peer = new FakePeer(path);
    peer.start();
    return peer;
  }

  /** When on, every received {@code message} line is answered with an ack line for its id. */
  public FakePeer autoAck(boolean on) {
    this.autoAck = on;
    return this;
  }

  /**
   * Stops (true) or resumes (false) reading the open connections: while paused the broker's writes
   * fill the socket buffer, as with an agent that stopped reading its socket.
   */
  public FakePeer paused(boolean on) {
    this.paused = on;
    return this;
  }

  public Path path() {
    return path;
  }

  /** (Re)starts listening on the same path; a no-op while listening. */
  public synchronized void start() throws IOException {
    if (server != null) {
      return;
    }
    Files.deleteIfExists(path);
    ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    channel.bind(UnixDomainSocketAddress.of(path));
    server = channel;
    daemon("fake-peer-accept", () -> acceptLoop(channel)).start();
  }

  /** Stops listening, drops every connection and deletes the socket file. */
  public synchronized void stop() throws IOException {
    if (server != null) {
      server.close();
      server = null;
    }
    dropConnections();
    Files.deleteIfExists(path);
  }

  /** Closes the current connections (the broker sees the link drop) but keeps listening. */
  public void dropConnections() throws IOException {
    for (SocketChannel channel : open) {
      channel.close();
    }
  }

  /** Writes one raw line (a newline is appended) to every open connection. */
  public void writeLine(String raw) throws IOException {
    for (SocketChannel channel : open) {
      write(channel, raw);
    }
  }

  /** Every line received so far, as text, in arrival order. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** Every line received so far, parsed. */
  public List<JsonNode> json() {
    return lines().stream().map(FakePeer::parse).toList();
  }

  /** Waits (bounded) until at least {@code n} lines arrived and returns them parsed. */
  public List<JsonNode> awaitLines(int n, Duration timeout) {
    await(n + " lines at " + path)
        .atMost(timeout)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5))
        .until(() -> lines.size() >= n);
    return json();
  }

  /** How many connections were accepted since this peer was created. */
  public int acceptedConnections() {
    return accepted.get();
  }

  /** How many accepted connections are still open (the broker has not closed them). */
  public int openConnections() {
    return open.size();
  }

  @Override
  public void close() throws IOException {
    stop();
  }

  private void acceptLoop(ServerSocketChannel channel) {
    try {
      while (channel.isOpen()) {
        SocketChannel connection = channel.accept();
        open.add(connection);
        accepted.incrementAndGet();
        daemon("fake-peer-read", () -> readLoop(connection)).start();
      }
    } catch (IOException e) {
      // closed by stop(): the accept loop simply ends
    }
  }

  private void readLoop(SocketChannel channel) {
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try (channel) {
      while (waitWhilePaused() && channel.read(buffer.clear()) >= 0) {
        for (int i = 0; i < buffer.position(); i++) {
          byte b = buffer.get(i);
          if (b != '\n') {
            line.write(b);
            continue;
          }
          received(channel, line.toString(StandardCharsets.UTF_8));
          line.reset();
        }
      }
    } catch (IOException e) {
      // the connection was closed by either side: stop reading it
    } finally {
      open.remove(channel);
    }
  }

  private boolean waitWhilePaused() {
    while (paused) {
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
    }
    return true;
  }

  private void received(SocketChannel channel, String text) throws IOException {
    lines.add(text);
    if (!autoAck) {
      return;
    }
    JsonNode node = parse(text);
    if ("message".equals(node.path("type").asText())) {
      String id = node.path("payload").path("messageId").asText();
      write(channel, "{\"type\":\"ack\",\"messageIds\":[" + Json.write(id) + "]}");
    }
  }

  private static void write(SocketChannel channel, String raw) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap((raw + "\n").getBytes(StandardCharsets.UTF_8));
    synchronized (channel) {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    }
  }

  private static JsonNode parse(String line) {
    try {
      return Json.MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("not a JSON line: " + line, e);
    }
  }

  /**
   * For {@code @TempDir(factory = FakePeer.ShortTempDir.class)}: a directory directly under {@code
   * /tmp}, so socket paths stay far below the 107-byte limit on every platform.
   */
  public static final class ShortTempDir implements TempDirFactory {
    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context)
        throws IOException {
      return Files.createTempDirectory(Path.of("/tmp"), "pt");
    }
  }

  private static Thread daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
