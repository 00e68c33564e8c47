package dev.slmmesh.daemon;

import dev.slmmesh.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code slm-mesh archive-training}: the training run of the broker's class-data-sharing archive.
 * bin/slm-mesh runs it once per jar and Java version with {@code -XX:ArchiveClassesAtExit}: it
 * starts a broker on a throw-away data directory and port, sends every common request over
 * loopback HTTP (with one push link to a listening socket), and stops it, so that the archive
 * holds the classes of the broker's start-up and request paths and little else. It never touches
 * the user's data directory.
 */
public final class ArchiveTraining {
  private static final Duration PUSH_WAIT = Duration.ofSeconds(2);

  private ArchiveTraining() {}

  /** Returns 0 after a complete run, 1 if anything failed (the caller then keeps no archive). */
  public static int run(PrintStream err) {
    Path home = null;
    try {
      home = Files.createTempDirectory("slm-mesh-training");
      Path dataDir = home.resolve("d");
      Config config = Config.defaults(dataDir).withPort(0);
      try (BrokerDaemon daemon = BrokerDaemon.start(config);
          ServerSocketChannel peer = listen(config.files().peers().resolve("training.sock"))) {
        exercise(daemon, peer);
      }
      return 0;
    } catch (IOException | RuntimeException e) {
      err.println("[slm-mesh] archive training failed: " + e);
      return 1;
    } finally {
      deleteQuietly(home);
    }
  }

  private static ServerSocketChannel listen(Path socket) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    return server;
  }

  private static void exercise(BrokerDaemon daemon, ServerSocketChannel peer) throws IOException {
    int port = daemon.port();
    String token = daemon.token();
    String sock = peer.getLocalAddress().toString();
    request(port, token, "GET", "/health", null);
    request(port, token, "GET", "/status", null);
    String a = field(request(port, token, "POST", "/register", "{\"projectPath\":\"/tmp\",\"pid\":1,"
        + "\"name\":\"a\",\"udsPath\":\"" + sock + "\",\"acknowledges\":true,\"requestCredential\":true}"), "peerId");
    String b = field(request(port, token, "POST", "/register", "{\"projectPath\":\"/tmp\",\"pid\":1}"), "peerId");
    try (SocketChannel link = peer.accept()) {
      String from = "\"fromPeer\":\"" + b + "\"";
      String sent = request(port, token, "POST", "/send", "{" + from + ",\"toPeer\":\"" + a + "\",\"payload\":\"hi\"}");
      request(port, token, "POST", "/send", "{" + from + ",\"toPeer\":\"all\",\"payload\":\"hi\"}");
      readLine(link);
      String id = field(sent, "messageId");
      link.configureBlocking(true);
      link.write(ByteBuffer.wrap(("{\"type\":\"ack\",\"messageIds\":[\"" + id + "\"]}\n").getBytes(StandardCharsets.UTF_8)));
      String who = "\"peerId\":\"" + b + "\"";
      request(port, token, "POST", "/heartbeat", "{" + who + "}");
      request(port, token, "POST", "/peers", "{\"scope\":\"machine\"}");
      request(port, token, "POST", "/summary", "{" + who + ",\"summary\":\"training\"}");
      request(port, token, "POST", "/messages", "{\"peerId\":\"" + a + "\"}");
      request(port, token, "POST", "/state", "{\"action\":\"set\",\"key\":\"k\",\"value\":\"v\"," + who + "}");
      request(port, token, "POST", "/state", "{\"action\":\"get\",\"key\":\"k\"}");
      request(port, token, "POST", "/lock", "{\"action\":\"lock\",\"filePath\":\"/tmp/f\"," + who + "}");
      request(port, token, "POST", "/lock", "{\"action\":\"unlock\",\"filePath\":\"/tmp/f\"," + who + "}");
      request(port, token, "POST", "/events", "{\"action\":\"read\",\"limit\":5}");
      request(port, token, "POST", "/unregister", "{" + who + "}");
    }
  }

  /** Reads from the push link until one full line arrived or the wait is over. */
  private static void readLine(SocketChannel link) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(4096);
    long deadline = System.nanoTime() + PUSH_WAIT.toNanos();
    link.configureBlocking(false);
    while (System.nanoTime() < deadline && buf.hasRemaining()) {
      int n = link.read(buf);
      if (n < 0) {
        return;
      }
      if (n == 0) {
        pause();
        continue;
      }
      for (int i = 0; i < buf.position(); i++) {
        if (buf.get(i) == '\n') {
          return;
        }
      }
    }
  }

  private static void pause() throws IOException {
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a push", e);
    }
  }

  /** One request on its own connection; returns the body (the broker answers with a length). */
  private static String request(int port, String token, String method, String path, String body)
      throws IOException {
    byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        + "Authorization: Bearer " + token + "\r\nContent-Length: " + payload.length + "\r\n\r\n";
    try (Socket s = new Socket()) {
      s.setSoTimeout(5_000);
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(payload);
      out.flush();
      InputStream in = s.getInputStream();
      String reply = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
      if (!reply.startsWith("HTTP/1.1 200")) {
        throw new IOException(method + " " + path + " answered " + reply.lines().findFirst().orElse(""));
      }
      return reply.substring(reply.indexOf("\r\n\r\n") + 4);
    }
  }

  private static String field(String json, String name) throws IOException {
    String key = "\"" + name + "\":\"";
    int start = json.indexOf(key);
    if (start < 0) {
      throw new IOException("no " + name + " in " + json);
    }
    start += key.length();
    return json.substring(start, json.indexOf('"', start));
  }

  private static void deleteQuietly(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      List<Path> paths = all.sorted(Comparator.reverseOrder()).toList();
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temporary directory left behind is harmless; the archive is what matters
    }
  }
}
