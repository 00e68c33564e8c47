package dev.slmmesh.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Logging a browser into a broker's dashboard, and raw requests a browser would never send. */
public final class DashboardLogin {
  private DashboardLogin() {}

  /**
   * A fresh one-time login URL, minted with the bearer token as {@code slm-mesh dashboard} does.
   */
  public static String url(MeshHttp api) {
    MeshHttp.Response r = api.post("/dashboard/api/login-code", "{}");
    if (r.status() != 200) {
      throw new IllegalStateException("login-code answered " + r.status() + ": " + r.text());
    }
    return r.json().path("url").asText();
  }

  /** Opens a fresh login link and waits until the page is live (its stream said hello). */
  public static void login(Browser browser, MeshHttp api) {
    browser.driver().get(url(api));
    browser
        .waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("conn"), "Live"));
  }

  /** One HTTP/1.1 request written by hand (any Host header), returning the whole response. */
  public static String raw(int port, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
