package dev.slmmesh.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.broker.Broker;
import dev.slmmesh.config.Config;
import dev.slmmesh.store.SqliteStore;
import dev.slmmesh.store.Store;
import dev.slmmesh.testkit.MutableClock;
import dev.slmmesh.testkit.RecordingPush;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpApiTest {
  @Test
  void aBoundServerQueuesConnectionsAndAnswersThemOnceItServes() throws Exception {
    try (Store store = SqliteStore.inMemory();
        HttpApi http = HttpApi.bind("127.0.0.1", 0, 0)) {
      int port = http.port();
      assertThat(port).isPositive();
      try (Socket early = new Socket()) {
        early.connect(
            new InetSocketAddress("127.0.0.1", port), 2_000); // accepted by the kernel's backlog
        early.setSoTimeout(10_000);
        OutputStream out = early.getOutputStream();
        out.write(
            "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        http.serve(broker(store), "t0ken", Duration.ofMinutes(1));
        InputStream in = early.getInputStream();
        assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII))
            .isEqualTo("HTTP/1.1 200");
      }
    }
  }

  @Test
  void closingABoundServerThatNeverServedReleasesItsPort() throws Exception {
    int port;
    try (HttpApi http = HttpApi.bind("127.0.0.1", 0, 0)) {
      port = http.port();
    }
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress("127.0.0.1", port));
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void bindSkipsAnOccupiedPortForTheNextInTheRange() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int first = taken.getLocalPort();
      try (HttpApi http = HttpApi.bind("127.0.0.1", first, first + 20)) {
        assertThat(http.port()).isBetween(first + 1, first + 20);
      }
    }
  }

  private static Broker broker(Store store) {
    return Broker.assemble(
        Config.defaults(Path.of("/data")),
        store,
        new RecordingPush(),
        MutableClock.at("2026-04-08T10:00:00Z"),
        List.of(Path.of("/data/peers")),
        () -> 0);
  }
}
