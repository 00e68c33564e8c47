package dev.slmmesh.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slmmesh.testkit.BrokerProcess;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.MeshHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local flood: a broker limited to 1,024 open files (as many systems set it) gets 1,100
 * connections that each send a partial request line and then nothing. {@code /health}, {@code
 * /send} and {@code /register} still answer other clients within a few seconds, the flood's
 * connections are closed, and a request declaring a 1 GB body gets 413 at once.
 */
class ConnectionFloodIT {
  private static final int FLOOD = 1_100;

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path tmp;

  @Test
  void aFloodOfHalfSentRequestsDegradesOnlyTheFlooder() throws Exception {
    Path data = tmp.resolve("d");
    Files.createDirectories(data);
    int port = BrokerProcess.freePort();
    List<String> prefix = List.of();
    if (Files.isExecutable(Path.of("/usr/bin/prlimit"))) {
      prefix = List.of("/usr/bin/prlimit", "--nofile=1024:1024");
    } else {
      System.out.println(
          "ConnectionFloodIT: no prlimit; the broker runs with this machine's open-file limit");
    }
    List<Socket> flood = new ArrayList<>();
    try (BrokerProcess broker =
        BrokerProcess.start(
            data, port, "broker", Map.of("SLM_MESH_RATE_LIMIT", "100000"), prefix)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> BrokerProcess.client(data).isPresent());
      MeshHttp http = BrokerProcess.client(data).orElseThrow();
      String a = DiskFullIT.register(http, "a", null);
      long floodStart = System.nanoTime();
      for (int i = 0; i < FLOOD && System.nanoTime() - floodStart < 20_000_000_000L; i++) {
        Socket s = new Socket();
        try {
          s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
          s.getOutputStream()
              .write(
                  "POST /send HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le"
                      .getBytes(StandardCharsets.US_ASCII));
          flood.add(s);
        } catch (IOException refused) {
          s.close();
        }
      }
      System.out.println("connection-flood: " + flood.size() + " half-sent connections opened");

      long t0 = System.nanoTime();
      assertThat(http.get("/health").status()).isEqualTo(200);
      assertThat(
              http.call("/send", "fromPeer", "cli", "toPeer", a, "payload", "during the flood")
                  .ok())
          .isTrue();
      assertThat(http.call("/register", "projectPath", "/r", "pid", 12, "name", "b").ok()).isTrue();
      long servedMs = (System.nanoTime() - t0) / 1_000_000;
      System.out.println(
          "connection-flood: /health, /send and /register answered in " + servedMs + " ms");
      assertThat(servedMs).isLessThan(8_000);

      long tooLargeMs =
          tooLargeAnswerMillis(port, Files.readString(data.resolve("broker.token")).trim());
      System.out.println(
          "connection-flood: Content-Length 1e9 answered 413 in " + tooLargeMs + " ms");
      assertThat(tooLargeMs).isLessThan(3_000);

      await().atMost(Duration.ofSeconds(15)).until(() -> closedByBroker(flood) == flood.size());
      assertThat(broker.log()).doesNotContain("[ERROR]").doesNotContain("Too many open files");
    } finally {
      for (Socket s : flood) {
        s.close();
      }
    }
  }

  /** Sends a head declaring a 1 GB body and no body; returns how long the 413 took. */
  private static long tooLargeAnswerMillis(int port, String token) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(10_000);
      long t0 = System.nanoTime();
      s.getOutputStream()
          .write(
              ("POST /send HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      + "Authorization: Bearer "
                      + token
                      + "\r\n"
                      + "Content-Length: 1000000000\r\n\r\n{\"x\":")
                  .getBytes(StandardCharsets.US_ASCII));
      byte[] head = new byte[12];
      int n = s.getInputStream().readNBytes(head, 0, head.length);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(new String(head, 0, n, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 413");
      return ms;
    }
  }

  private static int closedByBroker(List<Socket> sockets) {
    int closed = 0;
    for (Socket s : sockets) {
      try {
        s.setSoTimeout(1);
        InputStream in = s.getInputStream();
        if (in.read() < 0) {
          closed++;
        }
      } catch (java.net.SocketTimeoutException stillOpen) {
        // the broker has not closed it yet
      } catch (IOException reset) {
        closed++;
      }
    }
    return closed;
  }
}
