package dev.slmmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slmmesh.testkit.BrokerProcess;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.MeshHttp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CLI command in client role with several hubs in {@code SLM_MESH_PEER_URL} (docs/team.md,
 * "Failover") tries them in order within the one command: a hub that refuses the connection, and
 * one that never takes it (its listen queue is full, so the connection attempt times out after the
 * short connect timeout), are passed over for the next, and the command answers from the hub that
 * works. The real jar, a real hub.
 */
class HubListCliIT {
  private static final String SECRET = "cli-tries-every-listed-hub-1";

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path tmp;

  @Test
  void aCommandSkipsHubsThatDoNotAnswerAndUsesTheNextListed() throws Exception {
    Path hubData = Files.createDirectories(tmp.resolve("hub"));
    Path client = Files.createDirectories(tmp.resolve("client"));
    int ws = BrokerProcess.freePort();
    int refused = BrokerProcess.freePort();
    List<Socket> filling = new ArrayList<>();
    try (BrokerProcess hub =
            BrokerProcess.start(
                hubData,
                BrokerProcess.freePort(),
                "hub",
                Map.of(
                    "SLM_MESH_SHARED_SECRET",
                    SECRET,
                    "SLM_MESH_WS_PORT",
                    Integer.toString(ws),
                    "SLM_MESH_IDLE_MS",
                    "0"));
        ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> BrokerProcess.client(hubData).isPresent() && BrokerProcess.listening(ws));
      MeshHttp local = BrokerProcess.client(hubData).orElseThrow();
      local.call("/register", "projectPath", "/srv", "pid", 1, "name", "on-the-hub");
      fillQueue(full, filling);

      String hubs =
          "https://127.0.0.1:"
              + refused
              + ",https://127.0.0.1:"
              + full.getLocalPort()
              + ",https://127.0.0.1:"
              + ws;
      long start = System.nanoTime();
      Result r = cli(client, SECRET, hubs, "peers", "--scope", "mesh", "--json");
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(r.code).as(r.toString()).isZero();
      assertThat(r.out).contains("on-the-hub");
      assertThat(r.err)
          .contains("Hub 127.0.0.1:" + refused + " stopped answering")
          .contains("Hub 127.0.0.1:" + full.getLocalPort() + " stopped answering")
          .contains("moving to hub 127.0.0.1:" + ws);
      // two seconds for the hub that never takes the connection, not a read timeout of ten
      assertThat(millis).as(r.toString()).isLessThan(9_000);

      // a wrong secret is a configuration error, not an outage: no other hub is tried
      Result wrong =
          cli(
              client,
              "a-different-secret-of-length-1",
              "https://127.0.0.1:" + ws + ",https://127.0.0.1:" + refused,
              "peers",
              "--scope",
              "mesh",
              "--json");
      assertThat(wrong.code).as(wrong.toString()).isNotZero();
      assertThat(wrong.out + wrong.err)
          .contains("hub 127.0.0.1:" + ws + " refused")
          .doesNotContain("moving to hub");
    } finally {
      for (Socket s : filling) {
        s.close();
      }
    }
  }

  @Test
  void everyListedHubDownFailsWithTheLastHubNamed() throws Exception {
    Path client = Files.createDirectories(tmp.resolve("client"));
    int first = BrokerProcess.freePort();
    int second = BrokerProcess.freePort();
    Result r =
        cli(
            client,
            SECRET,
            "https://127.0.0.1:" + first + ",https://127.0.0.1:" + second,
            "peers",
            "--json");
    assertThat(r.code).as(r.toString()).isNotZero();
    assertThat(r.out + r.err)
        .contains(
            "no hub listed in SLM_MESH_PEER_URL answers (127.0.0.1:"
                + first
                + ", 127.0.0.1:"
                + second
                + ")")
        .contains("cannot reach hub 127.0.0.1:" + second)
        .contains("Check that the hub runs")
        .doesNotContain("slm-mesh start");
  }

  /** Connections that the server never accepts, until the kernel drops further attempts. */
  private static void fillQueue(ServerSocket server, List<Socket> sockets) {
    for (int i = 0; i < 8; i++) {
      Socket s = new Socket();
      sockets.add(s);
      try {
        s.connect(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 300);
      } catch (IOException full) {
        return;
      }
    }
  }

  private record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private static Result cli(Path dataDir, String secret, String hubs, String... args)
      throws Exception {
    List<String> command =
        new ArrayList<>(List.of(BrokerProcess.java(), "-jar", BrokerProcess.jar().toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("SLM_MESH_"));
    pb.environment().put("SLM_MESH_DATA_DIR", dataDir.toString());
    pb.environment().put("SLM_MESH_SHARED_SECRET", secret);
    pb.environment().put("SLM_MESH_PEER_URL", hubs);
    Path out = dataDir.resolve("cli.out");
    Path err = dataDir.resolve("cli.err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the command did not finish within 60 s: " + Files.readString(err));
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
