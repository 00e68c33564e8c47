package dev.slmmesh.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.config.Config;
import dev.slmmesh.config.MeshSettings;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.wire.HubProof;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hub's TLS port end to end, with raw requests (no client library in between): every route and
 * the push WebSocket upgrade without a session get 401, also with the local broker's token or a
 * made-up session; a proof made with another secret gets 401; the handshake with the right one gets
 * a session that then works.
 */
class HubSecurityIT {
  private static final String SECRET = "correct horse battery staple 42";

  @TempDir(factory = FakePeer.ShortTempDir.class)
  static Path dir;

  private static BrokerDaemon daemon;

  @BeforeAll
  static void start() throws Exception {
    daemon =
        BrokerDaemon.start(
            Config.defaults(dir)
                .withPort(0)
                .withMesh(MeshSettings.NONE.withSecret(SECRET).withWsPort(0)));
  }

  @AfterAll
  static void stop() {
    daemon.close();
  }

  static List<String> requestsWithoutASession() {
    return List.of(
        "GET /status HTTP/1.1\r\nHost: hub\r\n\r\n",
        "GET /health HTTP/1.1\r\nHost: hub\r\n\r\n",
        "POST /register HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
        "POST /send HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {LOCAL}\r\nContent-Length: 2\r\n\r\n{}",
        "POST /peers HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer "
            + "ab".repeat(32)
            + "\r\nContent-Length: 2\r\n\r\n{}",
        "GET /mesh/push HTTP/1.1\r\nHost: hub\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        "GET /mesh/push HTTP/1.1\r\nHost: hub\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Authorization: Bearer {LOCAL}\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
  }

  @ParameterizedTest
  @MethodSource("requestsWithoutASession")
  void everyRequestAndUpgradeWithoutASessionIs401(String request) throws Exception {
    String answer = exchange(request.replace("{LOCAL}", daemon.token()));
    assertThat(answer).startsWith("HTTP/1.1 401");
  }

  @Test
  void aProofMadeWithAnotherSecretIs401AndTheRightOneOpensASession() throws Exception {
    String fingerprint = daemon.fingerprint();
    String nonce = HexFormat.of().formatHex(new byte[16]).replace('0', 'a');
    String wrong =
        HubProof.fromSecret("another secret, long enough").clientProof(fingerprint, nonce);
    assertThat(exchange(auth(nonce, wrong))).startsWith("HTTP/1.1 401");
    String nonce2 = "b".repeat(32);
    String right = HubProof.fromSecret(SECRET).clientProof(fingerprint, nonce2);
    String answer = exchange(auth(nonce2, right));
    assertThat(answer).startsWith("HTTP/1.1 200").contains("\"session\"");
    String session = answer.replaceAll("(?s).*\"session\":\"([0-9a-f]+)\".*", "$1");
    assertThat(
            exchange(
                "POST /peers HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer "
                    + session
                    + "\r\nContent-Length: 2\r\n\r\n{}"))
        .startsWith("HTTP/1.1 200");
  }

  private static String auth(String nonce, String proof) {
    String body = "{\"clientNonce\":\"" + nonce + "\",\"proof\":\"" + proof + "\"}";
    return "POST "
        + HubProof.AUTH_PATH
        + " HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }

  /** Sends one raw request over TLS (the hub's self-signed certificate is not checked here). */
  private static String exchange(String request) throws Exception {
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
    try (SSLSocket s =
        (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", daemon.hubPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      byte[] buf = new byte[8192];
      int n = s.getInputStream().read(buf);
      return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "no answer: " + e;
    }
  }

  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
