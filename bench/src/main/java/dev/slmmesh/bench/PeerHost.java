package dev.slmmesh.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fake peers: Unix socket listeners as an MCP server hosts them, all served by one selector thread
 * ({@code bench-peers}) so that hundreds of peers cost one thread. Each read is time-stamped once,
 * on arrival, before any parsing; every {@code message} line goes to the {@link Sink} with that
 * time and is acknowledged like our MCP server does ({@code {"type":"ack","messageIds":[...]}}).
 */
final class PeerHost implements AutoCloseable {

  /** Receives every pushed message line; called on the selector thread, must return quickly. */
  interface Sink {
    void pushed(int peer, String text, long arrivalNanos);
  }

  private static final Sink NONE = (peer, text, nanos) -> {};

  private final Path dir;
  private final boolean acknowledge;
  private final Selector selector;
  private final Thread thread;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicIntegerArray accepted;
  private final List<Path> sockets = new ArrayList<>();
  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong otherLines = new AtomicLong();
  private volatile Sink sink = NONE;
  private volatile boolean running = true;

  PeerHost(Path dir, int capacity, boolean acknowledge) throws IOException {
    this.dir = dir;
    this.acknowledge = acknowledge;
    this.accepted = new AtomicIntegerArray(capacity);
    this.selector = Selector.open();
    this.thread = new Thread(this::loop, "bench-peers");
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts listening for peer {@code index} and returns its socket path. */
  Path listen(int index) throws IOException {
    Path path = dir.resolve("bench-" + index + ".sock");
    Files.deleteIfExists(path);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    server.configureBlocking(false);
    synchronized (sockets) {
      sockets.add(path);
    }
    onLoop(() -> register(server, SelectionKey.OP_ACCEPT, index));
    return path;
  }

  void sink(Sink s) {
    sink = s == null ? NONE : s;
  }

  /** How many connections the broker opened to peer {@code index}. */
  int accepted(int index) {
    return accepted.get(index);
  }

  long messages() {
    return messages.get();
  }

  /** Lines other than messages: events, peer and lock updates. */
  long otherLines() {
    return otherLines.get();
  }

  private void onLoop(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  private void register(java.nio.channels.SelectableChannel channel, int ops, Object attachment) {
    try {
      channel.register(selector, ops, attachment);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void loop() {
    while (running) {
      try {
        selector.select(100);
        Runnable task;
        while ((task = tasks.poll()) != null) {
          task.run();
        }
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          serve(key);
        }
      } catch (IOException | RuntimeException e) {
        if (running) {
          System.err.println("bench: peer host error: " + e);
        }
      }
    }
  }

  private void serve(SelectionKey key) throws IOException {
    if (!key.isValid()) {
      return;
    }
    if (key.isAcceptable()) {
      int index = (Integer) key.attachment();
      SocketChannel ch = ((ServerSocketChannel) key.channel()).accept();
      if (ch != null) {
        ch.configureBlocking(false);
        ch.register(selector, SelectionKey.OP_READ, new Conn(index));
        accepted.incrementAndGet(index);
      }
      return;
    }
    Conn conn = (Conn) key.attachment();
    SocketChannel ch = (SocketChannel) key.channel();
    try {
      if (key.isReadable()) {
        conn.read(ch, key);
      }
      if (key.isValid() && key.isWritable()) {
        conn.flush(ch, key);
      }
    } catch (IOException e) {
      key.cancel();
      ch.close();
    }
  }

  /** One accepted connection: a line assembler and the acks not yet written. */
  private final class Conn {
    private final int peer;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final List<String> ids = new ArrayList<>();
    private ByteBuffer out = ByteBuffer.allocate(0);

    Conn(int peer) {
      this.peer = peer;
    }

    void read(SocketChannel ch, SelectionKey key) throws IOException {
      buffer.clear();
      int n = ch.read(buffer);
      long now = System.nanoTime();
      if (n < 0) {
        key.cancel();
        ch.close();
        return;
      }
      byte[] a = buffer.array();
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (a[i] == '\n') {
          String line;
          if (partial.size() == 0) {
            line = new String(a, start, i - start, StandardCharsets.UTF_8);
          } else {
            partial.write(a, start, i - start);
            line = partial.toString(StandardCharsets.UTF_8);
            partial.reset();
          }
          line(line, now);
          start = i + 1;
        }
      }
      partial.write(a, start, n - start);
      if (acknowledge && !ids.isEmpty()) {
        ack(ch, key);
      }
    }

    private void line(String line, long now) {
      if (!line.startsWith("{\"type\":\"message\"")) {
        otherLines.incrementAndGet();
        return;
      }
      messages.incrementAndGet();
      String id = Json.stringField(line, "messageId");
      if (id != null) {
        ids.add(id);
      }
      String text = Json.stringField(line, "text");
      sink.pushed(peer, text == null ? "" : text, now);
    }

    private void ack(SocketChannel ch, SelectionKey key) throws IOException {
      StringBuilder b = new StringBuilder("{\"type\":\"ack\",\"messageIds\":[");
      for (int i = 0; i < ids.size(); i++) {
        b.append(i == 0 ? "" : ",").append('"').append(ids.get(i)).append('"');
      }
      ids.clear();
      byte[] line = b.append("]}\n").toString().getBytes(StandardCharsets.UTF_8);
      ByteBuffer next = ByteBuffer.allocate(out.remaining() + line.length);
      next.put(out).put(line).flip();
      out = next;
      flush(ch, key);
    }

    void flush(SocketChannel ch, SelectionKey key) throws IOException {
      ch.write(out);
      key.interestOps(SelectionKey.OP_READ | (out.hasRemaining() ? SelectionKey.OP_WRITE : 0));
    }
  }

  @Override
  public void close() throws IOException {
    running = false;
    selector.wakeup();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SelectionKey key : selector.keys()) {
      key.channel().close();
    }
    selector.close();
    synchronized (sockets) {
      for (Path p : sockets) {
        Files.deleteIfExists(p);
      }
    }
  }
}
