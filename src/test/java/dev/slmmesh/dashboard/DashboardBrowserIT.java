package dev.slmmesh.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.config.Config;
import dev.slmmesh.daemon.BrokerDaemon;
import dev.slmmesh.testkit.Browser;
import dev.slmmesh.testkit.DashboardLogin;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.MeshHttp;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard in a real headless Chromium against a real broker: login and its refusals, live
 * updates, the person's actions, and hostile message texts.
 */
class DashboardBrowserIT {
  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  private final ShiftedClock clock = new ShiftedClock();
  private BrokerDaemon daemon;
  private MeshHttp api;
  private Browser browser;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(Browser.missing().isEmpty(), () -> Browser.missing().orElse(""));
    daemon = BrokerDaemon.start(Config.defaults(dir.resolve("data")).withPort(0), clock);
    api = new MeshHttp(daemon.port(), daemon.token());
    browser = Browser.start(dir.resolve("profile"));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (daemon != null) {
      daemon.close();
    }
  }

  private String register(String name, String project) {
    return api.call(
            "/register",
            "projectPath",
            project,
            "pid",
            1,
            "name",
            name,
            "agentType",
            "claude-code",
            "gitBranch",
            "main")
        .json()
        .path("peerId")
        .asText();
  }

  private static String read(Path file) {
    try {
      return java.nio.file.Files.exists(file) ? java.nio.file.Files.readString(file) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private String base() {
    return "http://127.0.0.1:" + daemon.port();
  }

  @Test
  void aLoginLinkWorksOnceAndSetsAnHttpOnlyStrictCookieThatScriptsCannotRead() {
    String url = DashboardLogin.url(api);
    browser.driver().get(url);
    browser
        .waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("conn"), "Live"));

    assertThat(browser.driver().getCurrentUrl()).isEqualTo(base() + "/dashboard/");
    Cookie cookie = browser.driver().manage().getCookieNamed("slm_mesh_dashboard_" + daemon.port());
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Strict");
    assertThat(browser.script("return document.cookie")).isEqualTo("");
    assertThat(browser.driver().getPageSource()).doesNotContain(daemon.token());

    browser.driver().get(url); // the same link again
    assertThat(browser.driver().findElement(By.tagName("body")).getText())
        .contains("not valid: it was used already");
  }

  @Test
  void loggingOutEndsTheSession() {
    DashboardLogin.login(browser, api);
    browser.driver().findElement(By.id("logout")).click();
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.tagName("body"), "Not logged in"));
    browser.driver().get(base() + "/dashboard/api/stream");
    assertThat(browser.driver().findElement(By.tagName("body")).getText())
        .contains("Not logged in");
  }

  @Test
  void anExpiredLinkIsRefusedAndTheBrowserStaysLoggedOut() {
    String url = DashboardLogin.url(api);
    clock.shift(LoginCodes.TTL.plusSeconds(1));
    browser.driver().get(url);
    assertThat(browser.driver().findElement(By.tagName("body")).getText()).contains("it expired");
    browser.driver().get(base() + "/dashboard/");
    assertThat(browser.driver().findElement(By.tagName("body")).getText())
        .contains("Not logged in");
  }

  @Test
  void requestsWithoutTheCookieAreRefused() {
    assertThat(api.get("/dashboard/").status())
        .isEqualTo(401); // the bearer token is no dashboard login
    MeshHttp.Response stream = new MeshHttp(daemon.port(), null).get("/dashboard/api/stream");
    assertThat(stream.status()).isEqualTo(401);
    assertThat(stream.error()).contains("Not logged in");
    assertThat(
            new MeshHttp(daemon.port(), "wrong").post("/dashboard/api/login-code", "{}").status())
        .isEqualTo(401);
  }

  @Test
  void forgedAndCrossOriginRequestsChangeNothing() throws Exception {
    String alice = register("alice", "/repo");
    DashboardLogin.login(browser, api);
    String cookie =
        "slm_mesh_dashboard_"
            + daemon.port()
            + "="
            + browser
                .driver()
                .manage()
                .getCookieNamed("slm_mesh_dashboard_" + daemon.port())
                .getValue();
    String body = "{\"to\":\"" + alice + "\",\"message\":\"forged\"}";
    String host = "127.0.0.1:" + daemon.port();

    // from the page's own script, but without the CSRF token
    assertThat(
            browser
                .driver()
                .executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                        + "fetch('api/send', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: arguments[0]})"
                        + ".then(r => r.json().then(j => done(r.status + ' ' + j.error)));",
                    body))
        .isEqualTo("403 Refused: missing or wrong X-CSRF-Token header");
    // with the session cookie but from another origin, and with a wrong Host (DNS rebinding)
    String fromElsewhere =
        DashboardLogin.raw(
            daemon.port(),
            "POST /dashboard/api/send HTTP/1.1\r\nHost: "
                + host
                + "\r\nOrigin: http://attacker.example\r\nCookie: "
                + cookie
                + "\r\nContent-Type: application/json\r\n"
                + "X-CSRF-Token: x\r\nContent-Length: "
                + body.length()
                + "\r\nConnection: close\r\n\r\n"
                + body);
    assertThat(fromElsewhere).startsWith("HTTP/1.1 403").contains("Origin");
    String rebound =
        DashboardLogin.raw(
            daemon.port(),
            "GET /dashboard/ HTTP/1.1\r\nHost: attacker.example:"
                + daemon.port()
                + "\r\nCookie: "
                + cookie
                + "\r\nConnection: close\r\n\r\n");
    assertThat(rebound).startsWith("HTTP/1.1 421").contains("wrong Host header");
    String noHost =
        DashboardLogin.raw(
            daemon.port(), "GET /dashboard/ HTTP/1.0\r\nCookie: " + cookie + "\r\n\r\n");
    assertThat(noHost).startsWith("HTTP/1.1 421");

    JsonNode inbox =
        api.call("/messages", "peerId", alice, "filter", "all").json().path("messages");
    assertThat(inbox).isEmpty();
  }

  @Test
  void everyResponseCarriesAStrictContentSecurityPolicy() throws Exception {
    String page =
        DashboardLogin.raw(
            daemon.port(),
            "GET /dashboard/ HTTP/1.1\r\nHost: 127.0.0.1:"
                + daemon.port()
                + "\r\nConnection: close\r\n\r\n");
    assertThat(page)
        .contains("Content-Security-Policy: default-src 'none'; script-src 'self';")
        .contains("frame-ancestors 'none'")
        .contains("X-Content-Type-Options: nosniff");
  }

  @Test
  void aPeerThatJoinsAppearsLive() {
    DashboardLogin.login(browser, api);
    long sent = System.nanoTime();
    register("newcomer", "/work/app");
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#peers tbody"), "newcomer"));
    long millis = (System.nanoTime() - sent) / 1_000_000;
    System.out.println("[dashboard] a joining peer appeared after " + millis + " ms");
    assertThat(browser.text("peers"))
        .contains("/work/app")
        .contains("claude-code")
        .contains("branch main");
    assertThat(millis)
        .isLessThan(5_000); // 1 s is the target (docs/performance.md); a loaded machine gets slack
  }

  @Test
  void aLockIsReleasedFromThePageAndTheEventNamesThePerson() {
    String alice = register("alice", "/repo");
    MeshHttp.Response locked =
        api.call(
            "/lock",
            "action",
            "lock",
            "filePath",
            "/repo/src/a.ts",
            "peerId",
            alice,
            "reason",
            "stuck refactor",
            "ttlMinutes",
            30);
    assertThat(locked.ok()).as(locked.text()).isTrue();
    Path mirror = daemon.config().files().lockMirror();
    browser.waiting().until(d -> read(mirror).contains("/repo/src/a.ts"));
    DashboardLogin.login(browser, api);
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("locks"), "stuck refactor"));

    browser.driver().findElement(By.cssSelector("#locks button")).click();
    browser.waiting().until(ExpectedConditions.alertIsPresent()).accept();

    browser
        .waiting()
        .until(d -> api.call("/lock", "action", "query").json().path("locks").isEmpty());
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("events"), "file_unlocked"));
    JsonNode events =
        api.call("/events", "action", "read", "types", List.of("file_unlocked"))
            .json()
            .path("events");
    assertThat(events.get(0).path("emittedBy").asText()).isEqualTo("cli");
    assertThat(events.get(0).path("payload").asText()).contains("\"heldBy\":\"" + alice + "\"");
    assertThat(browser.driver().findElements(By.cssSelector("#locks tbody tr"))).isEmpty();
    browser
        .waiting()
        .until(d -> !read(mirror).contains("/repo/src/a.ts")); // the edit guards see it free
  }

  @Test
  void stateIsSetAndDeletedFromThePage() {
    DashboardLogin.login(browser, api);
    browser.driver().findElement(By.id("state-ns")).clear();
    browser.driver().findElement(By.id("state-ns")).sendKeys("release");
    browser.driver().findElement(By.id("state-key")).sendKeys("freeze");
    browser.driver().findElement(By.id("state-value")).sendKeys("until 18:00\n");
    browser
        .waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("state"), "until 18:00"));
    assertThat(
            api.call("/state", "action", "get", "namespace", "release", "key", "freeze")
                .json()
                .path("entry")
                .path("updatedBy")
                .asText())
        .isEqualTo("cli");

    browser.driver().findElement(By.cssSelector("#state button")).click();
    browser
        .waiting()
        .until(
            ExpectedConditions.not(
                ExpectedConditions.textToBePresentInElementLocated(By.id("state"), "until 18:00")));
    assertThat(
            api.call("/state", "action", "get", "namespace", "release", "key", "freeze")
                .json()
                .path("entry")
                .isNull())
        .isTrue();
  }

  @Test
  void htmlAndHugeMessagesAreShownAsClippedTextNeverAsMarkup() {
    String alice = register("alice", "/repo");
    String bob = register("bob", "/repo");
    String hostile =
        "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script><b>bold?</b>";
    api.call("/send", "fromPeer", alice, "toPeer", bob, "payload", hostile);
    api.call("/send", "fromPeer", bob, "toPeer", alice, "payload", "x".repeat(60_000));
    DashboardLogin.login(browser, api);
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "<b>bold?</b>"));

    assertThat(
            browser
                .driver()
                .findElements(By.cssSelector("#timeline img, #timeline script, #timeline b")))
        .isEmpty();
    assertThat(browser.script("return window.pwned === undefined")).isEqualTo(true);
    WebElement huge = browser.driver().findElements(By.cssSelector("#timeline .text")).get(0);
    assertThat(huge.getText()).contains("clipped: 2000 of 60000 characters shown");
    assertThat(huge.getText().length()).isLessThan(2100);
  }

  @Test
  void theMainViewIsReadableAtTheNarrowestWidth() {
    register("alice", "/repo");
    DashboardLogin.login(browser, api);
    browser.window().setSize(new org.openqa.selenium.Dimension(420, 800));
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#peers tbody"), "alice"));
    // one column: nothing wider than the window but the tables' own scroll boxes
    Object overflow =
        browser.script("return document.documentElement.scrollWidth <= window.innerWidth");
    assertThat(overflow).isEqualTo(true);
    // keyboard: the skip link comes first, then the filters, all reachable with Tab
    browser.driver().findElement(By.tagName("body")).sendKeys(org.openqa.selenium.Keys.TAB);
    assertThat(browser.script("return document.activeElement.className")).isEqualTo("skip");
  }

  @Test
  void theMainViewShowsPeersThreadsStatusesLocksAndState() throws Exception {
    String api1 = register("api-refactor", "/home/dev/shop");
    String web = register("web-ui", "/home/dev/shop");
    String docs = register("docs-writer", "/home/dev/handbook");
    api.call(
        "/summary",
        "peerId",
        api1,
        "summary",
        "Moving the order endpoints to the new auth middleware");
    api.call("/summary", "peerId", web, "summary", "Checkout page: waiting for the new order API");
    api.call("/summary", "peerId", docs, "summary", "Release notes for 2.4");
    String since = Instant.now().minusSeconds(90).toString();
    api.call(
        "/heartbeat",
        "peerId",
        web,
        "deliveryPath",
        "hook",
        "presence",
        "idle",
        "presenceSince",
        since,
        "wakeable",
        true);
    api.call("/heartbeat", "peerId", api1, "presence", "working", "presenceSince", since);
    String ask =
        api.call(
                "/send",
                "fromPeer",
                web,
                "toPeer",
                api1,
                "payload",
                "Is POST /orders still returning 201?")
            .json()
            .path("messageId")
            .asText();
    api.call(
        "/send",
        "fromPeer",
        api1,
        "toPeer",
        web,
        "payload",
        "(reply to message " + ask + ") Yes, and it now sets Location.");
    api.call("/messages", "peerId", api1, "filter", "all");
    api.call(
        "/send",
        "fromPeer",
        docs,
        "toPeer",
        "all",
        "payload",
        "Freezing the handbook at 17:00 for the release.",
        "type",
        "alert");
    api.call(
        "/lock",
        "action",
        "lock",
        "filePath",
        "/home/dev/shop/src/orders/api.ts",
        "peerId",
        api1,
        "reason",
        "auth middleware refactor",
        "ttlMinutes",
        45);
    api.call(
        "/state",
        "action",
        "set",
        "namespace",
        "release",
        "key",
        "version",
        "value",
        "2.4.0",
        "peerId",
        docs);
    api.call(
        "/state",
        "action",
        "set",
        "namespace",
        "ci",
        "key",
        "main",
        "value",
        "green",
        "peerId",
        web);
    DashboardLogin.login(browser, api);
    browser
        .driver()
        .findElement(By.id("send-text"))
        .sendKeys("Please pause deploys until the auth change lands.");
    browser.driver().findElement(By.cssSelector("#send-form button[type=submit]")).click();
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#timeline li.mine"), "pause deploys"));
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("timeline"), "↩ reply to web-ui"));

    assertThat(browser.text("peer-count")).isEqualTo("(3)");
    assertThat(browser.text("peers")).contains("idle since").contains("working since");
    assertThat(browser.text("timeline"))
        .contains("Reply (1 in thread)")
        .contains("everyone (3)")
        .contains("read");
    assertThat(browser.text("locks")).contains("auth middleware refactor").contains("api-refactor");
    assertThat(browser.text("state")).contains("release").contains("2.4.0");
    Path shot = Path.of(System.getProperty("dashboard.screenshot", "target/dashboard.png"));
    java.nio.file.Files.createDirectories(shot.toAbsolutePath().getParent());
    java.nio.file.Files.write(
        shot, browser.driver().getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
  }

  /** The system clock moved forward on demand (to expire a login link without waiting). */
  static final class ShiftedClock extends Clock {
    private volatile Duration shift = Duration.ZERO;

    void shift(Duration by) {
      shift = shift.plus(by);
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(shift);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
