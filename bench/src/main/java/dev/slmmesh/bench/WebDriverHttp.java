package dev.slmmesh.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium driven through chromedriver's W3C WebDriver HTTP API with the JDK's own
 * client (the benchmark has no dependencies): open a URL, run a script, read its number.
 */
final class WebDriverHttp implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final Pattern VALUE =
      Pattern.compile("\"value\"\\s*:\\s*(null|true|false|-?[0-9.eE+-]+|\"[^\"]*\")");

  private final Process driver;
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String session;

  private WebDriverHttp(Process driver, String base, String session) {
    this.driver = driver;
    this.base = base;
    this.session = session;
  }

  static boolean available() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
  }

  /** Starts chromedriver and one browser session with a 1280x800 window and a fresh profile. */
  static WebDriverHttp start(Path profile) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p =
        new ProcessBuilder(DRIVER.toString(), "--port=" + port)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String base = "http://127.0.0.1:" + port;
    HttpClient http = HttpClient.newHttpClient();
    List<String> args =
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=1280,800",
            "--user-data-dir=" + profile);
    String caps =
        "{\"capabilities\":{\"alwaysMatch\":{\"browserName\":\"chrome\",\"goog:chromeOptions\":{\"binary\":"
            + Json.quote(CHROMIUM.toString())
            + ",\"args\":"
            + Json.write(args)
            + "}}}}";
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        String answer = post(http, base + "/session", caps);
        String id = Json.stringField(answer, "sessionId");
        if (id == null) {
          throw new IOException("chromedriver refused the session: " + answer);
        }
        return new WebDriverHttp(p, base, id);
      } catch (java.net.ConnectException e) {
        if (System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new IOException("chromedriver did not answer within 20 s", e);
        }
        Thread.sleep(50);
      }
    }
  }

  void open(String url) throws IOException, InterruptedException {
    post(http, base + "/session/" + session + "/url", "{\"url\":" + Json.quote(url) + "}");
  }

  /** Runs {@code script} in the page; returns its value as JSON text ("null" for none). */
  String script(String script) throws IOException, InterruptedException {
    String answer =
        post(
            http,
            base + "/session/" + session + "/execute/sync",
            "{\"script\":" + Json.quote(script) + ",\"args\":[]}");
    Matcher m = VALUE.matcher(answer);
    if (!m.find()) {
      throw new IOException("unexpected script answer: " + answer);
    }
    return m.group(1);
  }

  /**
   * Runs {@code script} until it returns a number, at most {@code timeout}; NaN if it never did.
   */
  double awaitNumber(String script, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String v = script(script);
      if (!v.equals("null") && !v.startsWith("\"") && !v.equals("false") && !v.equals("true")) {
        return Double.parseDouble(v);
      }
      Thread.sleep(10);
    }
    return Double.NaN;
  }

  private static String post(HttpClient http, String url, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  @Override
  public void close() {
    try {
      http.send(
          HttpRequest.newBuilder(URI.create(base + "/session/" + session)).DELETE().build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // the driver is stopped below either way
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    driver.destroy();
  }
}
