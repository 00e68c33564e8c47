package dev.slmmesh.bench;

import dev.slmmesh.bench.Results.Goal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The web dashboard (docs/dashboard.md) on a broker with 200 peers and 10,000 messages: how long
 * the first view takes to render in headless Chromium, how soon a new message shows, and the
 * broker's resident memory after the same extra traffic without and then with the page open.
 */
final class DashboardPhase {
  static final int PEERS = 200;
  static final int MESSAGES = 10_000;
  static final int EXTRA = 1_000;
  static final int LIVE_PROBES = 10;
  static final long SETTLE_MILLIS = 3_000;
  private static final String FIRST_VIEW =
      "const m = performance.getEntriesByName('slm-first-view'); return m.length ? m[0].startTime : null";

  private DashboardPhase() {}

  static void define(Results r) {
    r.define(
            "dashboard.firstView",
            "dashboard first view, 200 peers and 10k messages",
            "ms",
            Goal.AT_MOST,
            1000)
        .define(
            "dashboard.live", "dashboard: a sent message on screen (p50)", "ms", Goal.AT_MOST, 1000)
        .define(
            "dashboard.rss.delta",
            "broker RSS with the page open minus without",
            "MiB",
            Goal.AT_MOST,
            10)
        .define(
            "dashboard.rows", "peers rendered in the first view", "count", Goal.AT_LEAST, PEERS);
  }

  static void run(Options o, Results r) throws Exception {
    if (!WebDriverHttp.available()) {
      r.note(
          "dashboard phase skipped: "
              + WebDriverHttp.CHROMIUM
              + " or "
              + WebDriverHttp.DRIVER
              + " is missing");
      System.out.println("  skipped: no chromium/chromedriver");
      return;
    }
    for (int run = 1; run <= o.runs(); run++) {
      Path profile = Files.createTempDirectory("slm-bench-chromium");
      try (BrokerProcess broker = BrokerProcess.start(o);
          Mesh mesh = Mesh.open(broker, PEERS)) {
        mesh.growTo(PEERS);
        long sent = mesh.sendSpread(MESSAGES, "m").ok();
        mesh.awaitMessages(sent, 120_000);
        sent += mesh.sendSpread(EXTRA, "w").ok();
        mesh.awaitMessages(sent, 60_000);
        BrokerProcess.sleepMillis(SETTLE_MILLIS);
        double without = broker.rssMiB();
        try (WebDriverHttp browser = WebDriverHttp.start(profile)) {
          browser.open(mesh.http().post("/dashboard/api/login-code", "{}").field("url"));
          double firstView = browser.awaitNumber(FIRST_VIEW, Duration.ofSeconds(30));
          String phases =
              browser.script(
                  "const t = (n) => { const m = performance.getEntriesByName(n); return m.length ? Math.round(m[0].startTime) : -1; };"
                      + " const nav = performance.getEntriesByType('navigation')[0];"
                      + " return 'document ' + Math.round(nav.responseEnd) + ', scripts run ' + Math.round(nav.domContentLoadedEventStart)"
                      + " + ', stream hello ' + t('slm-hello') + ', rendered ' + t('slm-first-view')");
          System.out.println("  first view: " + phases + " (ms from the page's start)");
          double rows =
              browser.awaitNumber(
                  "return document.querySelectorAll('#peers tbody tr').length",
                  Duration.ofSeconds(5));
          double[] live = live(broker, mesh, browser);
          sent += LIVE_PROBES + mesh.sendSpread(EXTRA, "x").ok();
          mesh.awaitMessages(sent, 60_000);
          BrokerProcess.sleepMillis(SETTLE_MILLIS);
          double with = broker.rssMiB();
          r.add("dashboard.firstView", firstView);
          r.add("dashboard.rows", rows);
          for (double l : live) {
            r.add("dashboard.live", l);
          }
          r.add("dashboard.rss.delta", with - without);
          System.out.printf(
              "  dashboard run %d: first view %.0f ms, %.0f peer rows, live %s ms, RSS %.1f -> %.1f MiB (load %s)%n",
              run,
              firstView,
              rows,
              java.util.Arrays.toString(live),
              without,
              with,
              Machine.loadavg());
        }
      } finally {
        BrokerProcess.deleteTree(profile);
      }
    }
  }

  /** Sends one message at a time and times it from the send to its text on screen. */
  private static double[] live(BrokerProcess broker, Mesh mesh, WebDriverHttp browser)
      throws Exception {
    double[] out = new double[LIVE_PROBES];
    for (int i = 0; i < LIVE_PROBES; i++) {
      String token = "probe-" + System.nanoTime();
      long start = System.nanoTime();
      mesh.http().post("/send", Mesh.sendBody(mesh.id(i), mesh.id(i + 1), token));
      double seen =
          browser.awaitNumber(
              "return document.getElementById('timeline').textContent.includes('"
                  + token
                  + "') ? 1 : null",
              Duration.ofSeconds(10));
      out[i] = Double.isNaN(seen) ? Double.NaN : (System.nanoTime() - start) / 1e6;
    }
    return out;
  }
}
