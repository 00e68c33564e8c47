package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.base.LineReader;
import dev.slmmesh.base.Threads;
import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.client.MeshApi;
import dev.slmmesh.config.DataDir;
import dev.slmmesh.config.SecureFiles;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.MessageApi;
import dev.slmmesh.wire.PeerApi;
import dev.slmmesh.wire.WireText;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The doctor's push round trip through a throw-away peer: listens on a Unix socket in the peers
 * directory, registers as an acknowledging peer, has the CLI send it a message, waits (bounded) for
 * the broker to push it, acknowledges it, checks that the broker then reports it delivered, and
 * unregisters. Everything it created is removed on {@link #close}.
 */
final class PushProbe implements AutoCloseable {
  private final MeshApi mesh;
  private final Path socket;
  private final ServerSocketChannel server;
  private final BlockingQueue<Received> lines = new ArrayBlockingQueue<>(64);
  private @Nullable String peerId;
  private @Nullable String credential;

  private PushProbe(MeshApi mesh, Path socket, ServerSocketChannel server) {
    this.mesh = mesh;
    this.socket = socket;
    this.server = server;
  }

  static PushProbe open(MeshApi mesh, DataDir files, Path tmpDir) throws IOException {
    Path socket =
        files.socketFor("doctor-" + UUID.randomUUID() + ".sock", tmpDir, SecureFiles.uid());
    Path dir = socket.getParent();
    if (dir != null) {
      SecureFiles.ensureDir(dir);
    }
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    PushProbe probe = new PushProbe(mesh, socket, server);
    Threads.start("doctor-probe-accept", probe::acceptLoop);
    return probe;
  }

  /**
   * Runs the round trip and returns what happened, e.g. "pushed in 14 ms, acknowledged".
   *
   * @throws CliException (refused) naming the step that failed
   */
  String roundTrip(Path cwd, long pid, Duration wait) throws InterruptedException {
    register(cwd, pid);
    long sent = System.nanoTime();
    String messageId =
        mesh.send(
                MessageApi.Send.of(
                    WireText.CLI_PEER, peerId, "slm-mesh doctor: push probe", "text"))
            .messageId();
    Received got = awaitMessage(messageId, sent + wait.toNanos());
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
    ObjectNode ack = Mesh.body().put("type", "ack");
    ack.putArray("messageIds").add(messageId);
    write(got.channel, Json.write(ack) + "\n");
    String status = awaitDelivered(messageId, System.nanoTime() + wait.toNanos());
    return "pushed in " + millis + " ms, " + status;
  }

  private void register(Path cwd, long pid) {
    PeerApi.Register body =
        new PeerApi.Register(
            cwd.toString(),
            pid,
            "doctor-" + UUID.randomUUID().toString().substring(0, 6),
            null,
            null,
            "unknown",
            socket.toString(),
            true,
            true,
            "poll",
            null,
            null,
            null,
            null,
            null);
    PeerApi.Registered answer = mesh.register(body);
    peerId = answer.peerId();
    credential = answer.credential();
  }

  private Received awaitMessage(String messageId, long deadline) throws InterruptedException {
    while (true) {
      long left = deadline - System.nanoTime();
      @Nullable Received r = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (r == null) {
        throw CliException.refused(
            "the broker stored the message but did not push it to the probe's socket "
                + socket
                + " within the wait");
      }
      JsonNode n = r.json();
      if ("message".equals(n.path("type").asText())
          && messageId.equals(n.path("payload").path("messageId").asText())) {
        return r;
      }
    }
  }

  private String awaitDelivered(String messageId, long deadline) throws InterruptedException {
    MessageApi.Ids body = new MessageApi.Ids(WireText.CLI_PEER, null, List.of(messageId));
    String status = "?";
    while (System.nanoTime() < deadline) {
      List<MessageApi.Receipt> receipts = mesh.receipts(body).receipts();
      status = receipts.isEmpty() ? "?" : receipts.get(0).status();
      if (!status.equals("queued")) {
        return "acknowledged (" + status + ")";
      }
      Thread.sleep(50);
    }
    throw CliException.refused(
        "the probe acknowledged the message but the broker still reports it " + status);
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      try {
        SocketChannel ch = server.accept();
        Threads.start("doctor-probe-read", () -> readLines(ch));
      } catch (IOException e) {
        return; // closed: the probe is over
      }
    }
  }

  private void readLines(SocketChannel ch) {
    try (InputStream raw = Channels.newInputStream(ch)) {
      LineReader in = new LineReader(raw, 1 << 20); // the broker's own cap on a push line
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!lines.offer(new Received(ch, line))) {
          return; // far more lines than a probe needs: stop reading
        }
      }
    } catch (IOException e) {
      // the broker dropped the link or the probe closed it; the waiter reports a missing push
    }
  }

  private static void write(SocketChannel ch, String text) {
    try {
      ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      synchronized (ch) {
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }
    } catch (IOException e) {
      throw CliException.refused("could not acknowledge on the push link: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    if (peerId != null) {
      try {
        mesh.unregister(new PeerApi.PeerRef(peerId, credential));
      } catch (RuntimeException e) {
        // the broker went away: the probe peer is removed with it after the dead timeout
      }
    }
    try {
      server.close();
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      // a leftover socket file is swept by the broker's start or by 'slm-mesh clean'
    }
  }

  private static final class Received {
    final SocketChannel channel;
    final String line;

    Received(SocketChannel channel, String line) {
      this.channel = channel;
      this.line = line;
    }

    JsonNode json() {
      try {
        return Json.MAPPER.readTree(line);
      } catch (IOException e) {
        return Json.MAPPER.createObjectNode();
      }
    }
  }
}
