package io.mezzo.tests;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's headless Chromium, driven through the system's chromedriver: nothing is
 * downloaded at test time (Selenium Manager never runs, since both paths are given). Every
 * message the pages log is kept, so tests can assert that none was an error.
 */
final class Browser implements AutoCloseable {
  /** Debian's paths; {@code -Dmezzo.chromium=...} and {@code -Dmezzo.chromedriver=...} override them. */
  static final String CHROMIUM = System.getProperty("mezzo.chromium", "/usr/bin/chromium");
  static final String CHROMEDRIVER = System.getProperty("mezzo.chromedriver", "/usr/bin/chromedriver");
  static final Duration WAIT = Duration.ofSeconds(20);
  static final Dimension DESKTOP = new Dimension(1280, 800);
  static final Dimension PHONE = new Dimension(390, 844);

  final ChromeDriver driver;
  private final ChromeDriverService service;
  private final Path profile;
  private final List<LogEntry> console = new ArrayList<>();

  private Browser(ChromeDriver driver, ChromeDriverService service, Path profile) {
    this.driver = driver;
    this.service = service;
    this.profile = profile;
  }

  /**
   * Starts Chromium; fails, naming what to install, when it or its driver is missing (CI
   * installs both: a browser test must never pass by not running).
   */
  static Browser start() throws IOException {
    for (String path : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!new File(path).canExecute()) {
        throw new IllegalStateException(path + " is missing: the dashboard's browser tests need Chromium and its driver "
            + "(apt-get install chromium chromium-driver, as .ci/run does)");
      }
    }
    Path profile = Files.createTempDirectory("mezzo-chromium-");
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM)
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--window-size=" + DESKTOP.width + "," + DESKTOP.height, "--user-data-dir=" + profile,
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
            "--disable-background-networking", "--disable-component-update", "--lang=en-US");
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER))
        .usingAnyFreePort()
        .withLogOutput(java.io.OutputStream.nullOutputStream())
        .build();
    try {
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
      return new Browser(driver, service, profile);
    } catch (RuntimeException e) {
      service.stop();
      deleteTree(profile);
      throw e;
    }
  }

  /** Opens {@code url} (a page of the dashboard, with its #/route). */
  void open(String url) {
    driver.get(url);
  }

  /**
   * Waits until {@code condition} holds, at most {@link #WAIT}. The pages redraw as the
   * cluster changes, so an element found may be replaced before it is read: that is tried again.
   */
  <T> T until(String what, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class).until(condition);
  }

  Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  void resize(Dimension size) {
    driver.manage().window().setSize(size);
  }

  /** Saves the whole page, at the window's width, as a PNG. */
  void screenshot(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Dimension window = driver.manage().window().getSize();
    long height = ((Number) script("return document.documentElement.scrollHeight")).longValue();
    // A window as tall as the page (within reason) shows all of it; the outer window is a bit taller than the page's view.
    resize(new Dimension(window.width, (int) Math.min(3000, height + (window.height - viewportHeight()))));
    try {
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } finally {
      resize(window);
    }
  }

  private long viewportHeight() {
    return ((Number) script("return window.innerHeight")).longValue();
  }

  /** The messages logged so far at error level: console errors, uncaught exceptions, failed loads, refused content. */
  List<String> consoleErrors() {
    console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
    return console.stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::toString).toList();
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      // A temporary directory: the system cleans what is left.
    }
  }
}
