package dev.slmmesh.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven through chromedriver (Debian's {@code chromium} and {@code
 * chromium-driver}), with a fresh profile per instance. Both paths are given, so Selenium Manager
 * never looks for (or downloads) a browser or driver of its own.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM =
      Path.of(System.getProperty("dashboard.chromium", "/usr/bin/chromium"));
  public static final Path DRIVER =
      Path.of(System.getProperty("dashboard.chromedriver", "/usr/bin/chromedriver"));

  /** Generous: the machine running the suite may be loaded. */
  public static final Duration WAIT = Duration.ofSeconds(15);

  private final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Why the browser tests cannot run here, or empty when they can. */
  public static Optional<String> missing() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
      return Optional.of(
          "browser tests skipped: "
              + CHROMIUM
              + " or "
              + DRIVER
              + " is missing"
              + " (apt-get install chromium chromium-driver; .ci/run installs them)");
    }
    return Optional.empty();
  }

  /** A headless browser with a 1280x800 window and its own profile in {@code profile}. */
  public static Browser start(Path profile) throws IOException {
    Files.createDirectories(profile);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
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
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER.toString()))
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
    return new Browser(driver);
  }

  public ChromeDriver driver() {
    return driver;
  }

  public Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  public WebDriverWait waiting() {
    return new WebDriverWait(driver, WAIT, Duration.ofMillis(50));
  }

  /** The visible text of the element with this id. */
  public String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  public WebDriver.Window window() {
    return driver.manage().window();
  }

  @Override
  public void close() {
    driver.quit();
  }
}
