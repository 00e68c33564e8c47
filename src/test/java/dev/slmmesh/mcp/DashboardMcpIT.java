package dev.slmmesh.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.config.Config;
import dev.slmmesh.daemon.BrokerDaemon;
import dev.slmmesh.testkit.Browser;
import dev.slmmesh.testkit.DashboardLogin;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.MeshHttp;
import dev.slmmesh.wire.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard and real MCP sessions on one broker: what agents send, and what the person sends
 * them.
 */
class DashboardMcpIT {
  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  private BrokerDaemon daemon;
  private MeshHttp api;
  private Browser browser;
  private final List<McpTestClient> sessions = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    assumeTrue(Browser.missing().isEmpty(), () -> Browser.missing().orElse(""));
    daemon = BrokerDaemon.start(Config.defaults(dir.resolve("data")).withPort(0));
    api = new MeshHttp(daemon.port(), daemon.token());
    browser = Browser.start(dir.resolve("profile"));
  }

  @AfterEach
  void stop() throws Exception {
    for (McpTestClient s : sessions) {
      s.close();
    }
    if (browser != null) {
      browser.close();
    }
    if (daemon != null) {
      daemon.close();
    }
  }

  private McpTestClient session() throws Exception {
    McpTestClient s =
        McpTestClient.inProcess(Config.defaults(dir.resolve("data")).withPort(daemon.port()));
    sessions.add(s);
    s.initialize();
    return s;
  }

  private static String peerId(McpTestClient s) throws Exception {
    return Json.MAPPER
        .readTree(McpTestClient.texts(s.callTool("mesh_status", "{}")).get(0))
        .path("session")
        .path("peerId")
        .asText();
  }

  @Test
  void aMessageFromAnAgentAppearsAndItsStatusTurnsToReadWhenTheRecipientSeesIt() throws Exception {
    McpTestClient a = session();
    McpTestClient b = session();
    String bId = peerId(b);
    DashboardLogin.login(browser, api);

    a.callTool(
        "mesh_send",
        Json.MAPPER.createObjectNode().put("to", bId).put("message", "please review PR 42"));
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("timeline"), "please review PR 42"));
    String before = browser.driver().findElement(By.cssSelector("#timeline .status")).getText();
    assertThat(before).isIn("queued", "delivered");

    String seen = String.join("\n", McpTestClient.texts(b.callTool("mesh_inbox", "{}")));
    assertThat(seen).contains("please review PR 42");
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#timeline .status"), "read"));
  }

  @Test
  void aMessageSentFromThePageReachesTheSessionFromThePerson() throws Exception {
    McpTestClient a = session();
    String aId = peerId(a);
    DashboardLogin.login(browser, api);
    browser
        .waiting()
        .until(
            d -> !d.findElements(By.cssSelector("#send-to option[value='" + aId + "']")).isEmpty());

    new Select(browser.driver().findElement(By.id("send-to"))).selectByValue(aId);
    browser.driver().findElement(By.id("send-text")).sendKeys("stop and rebase on main");
    browser.driver().findElement(By.cssSelector("#send-form button[type=submit]")).click();
    browser
        .waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("send-status"), "Done."));

    JsonNode inbox =
        Json.MAPPER.readTree(
            McpTestClient.texts(a.callTool("mesh_inbox", "{\"filter\":\"all\"}")).get(0));
    assertThat(inbox.toString())
        .contains("stop and rebase on main")
        .contains("\"fromPeer\":\"cli\"");
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#timeline li.mine"), "stop and rebase on main"));
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#timeline li.mine .status"), "read"));
  }
}
