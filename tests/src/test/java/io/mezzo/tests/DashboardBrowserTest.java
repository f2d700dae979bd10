package io.mezzo.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.model.Resources;
import io.mezzo.testing.Await;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real headless Chromium against a running {@code mezzo local}, with
 * tasks launched through the scheduler API by a framework that joins as a lite member.
 * Every test ends with no error in the browser's console. The order only makes the
 * screenshots (saved for the docs) show a cluster that has run something.
 */
@ExtendWith(MezzoLocalExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String SMALL = "cpus:0.1;mem:32";
  static final Path SCREENSHOTS = Path.of(System.getProperty("mezzo.screenshots", "target/screenshots"));
  static final Pattern LINE = Pattern.compile("line-(\\d+)");

  Browser browser;
  Vertx vertx;
  TestFramework framework;
  String base;

  @BeforeAll
  void startBrowser(MezzoLocal local) throws Exception {
    base = "http://" + local.master() + "/";
    browser = Browser.start();
  }

  @AfterAll
  void stop() {
    try {
      if (framework != null) {
        Await.result(framework.client().teardown());
      }
      if (vertx != null) {
        Await.result(vertx.close());
      }
    } finally {
      if (browser != null) {
        browser.close();
      }
    }
  }

  @AfterEach
  void noConsoleErrors() {
    assertEquals(List.of(), browser.consoleErrors(), "the browser's console");
  }

  /** The framework, joined and subscribed on first use. */
  TestFramework framework(MezzoLocal local) throws Exception {
    if (framework == null) {
      vertx = local.joinAsLiteMember();
      framework = new TestFramework(vertx, "dashboard-test");
      framework.subscribe();
    }
    return framework;
  }

  /** Launches one small task per command, on the next offer they all fit in; returns their IDs, in order. */
  List<String> launch(MezzoLocal local, String prefix, String... commands) throws Exception {
    return launchSized(local, prefix, SMALL, commands);
  }

  /** Launches one task of {@code resources} per command; returns their IDs, in order. */
  List<String> launchSized(MezzoLocal local, String prefix, String resources, String... commands) throws Exception {
    TestFramework framework = framework(local);
    Resources needed = Resources.parse(resources);
    for (int i = 1; i < commands.length; i++) {
      needed = needed.plus(Resources.parse(resources));
    }
    Offer offer = framework.nextOffer(WAIT);
    // Resources a task just freed come back as an offer of their own, which may be too small.
    while (!Resources.fromProto(offer.getResourcesList()).contains(needed)) {
      offer = framework.nextOffer(WAIT);
    }
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    List<TaskInfo> tasks = new java.util.ArrayList<>();
    for (int i = 0; i < commands.length; i++) {
      tasks.add(TestFramework.task(prefix + (commands.length > 1 ? "-" + i : "") + "-" + suffix, offer, commands[i], resources));
    }
    framework.launch(offer, tasks, 0);
    return tasks.stream().map(t -> t.getTaskId().getValue()).toList();
  }

  /** The row of a task in a table of tasks. */
  By taskRow(String taskId) {
    return By.cssSelector("tr[data-key='" + framework.id().getValue() + "/" + taskId + "']");
  }

  /** Opens a route and waits until the feed's first snapshot has drawn the page. */
  void open(String route) {
    browser.open(base + "#" + route);
    browser.until("the feed to go live on " + route,
        d -> "live".equals(d.findElement(By.id("connection")).getAttribute("data-state"))
            && d.findElements(By.cssSelector("main .loading")).isEmpty());
  }

  /** Every page's picture, for a person to look over after a run (not part of the docs). */
  void look(String name) throws java.io.IOException {
    browser.screenshot(Path.of("target", "screenshots", name + ".png"));
  }

  static String text(WebDriver driver, String css) {
    List<WebElement> found = driver.findElements(By.cssSelector(css));
    return found.isEmpty() ? null : found.get(0).getText();
  }

  @Test
  @Order(1)
  void theHomePageShowsTheAgentAndTheResourceTotals(MezzoLocal local) {
    open("/");
    // MezzoLocal's agent: cpus:4;mem:4096;disk:4096.
    browser.until("the total CPUs", d -> "4".equals(text(d, "#cluster-resources tr[data-row=total] td[data-resource=cpus]")));
    browser.until("the total memory", d -> "4.0 GB".equals(text(d, "#cluster-resources tr[data-row=total] td[data-resource=mem]")));
    browser.until("the total disk", d -> "4.0 GB".equals(text(d, "#cluster-resources tr[data-row=total] td[data-resource=disk]")));
    assertEquals(List.of("total", "allocated", "offered", "idle"), browser.script(
        "return [...document.querySelectorAll('#cluster-resources tbody tr')].map(row => row.dataset.row)"));
    browser.until("the agent", d -> String.valueOf(text(d, "#home-agents tbody tr")).startsWith(ProcessCluster.HOST));
    browser.until("one active agent", d -> "1".equals(text(d, "#counts-agents li[data-count=Active] .value")));
  }

  @Test
  @Order(2)
  void aTaskAppearsRunningThenFinishedWithoutAReload(MezzoLocal local) throws Exception {
    framework(local);
    open("/tasks");
    browser.script("window.mezzoTestMark = 'not reloaded'");
    String id = launch(local, "dash-sleep", "sleep 2").get(0);
    browser.until(id + " shown running", d -> "TASK_RUNNING".equals(state(d, id)));
    browser.until(id + " shown finished", d -> "TASK_FINISHED".equals(state(d, id)));
    assertEquals("not reloaded", browser.script("return window.mezzoTestMark"), "the page was not reloaded");
  }

  String state(WebDriver driver, String taskId) {
    List<WebElement> badges = driver.findElements(By.cssSelector(
        "tr[data-key='" + framework.id().getValue() + "/" + taskId + "'] .badge"));
    return badges.isEmpty() ? null : badges.get(0).getAttribute("data-state");
  }

  @Test
  @Order(3)
  void aTaskLogShowsNewLinesAsTheyArriveAndStopsWhenTheTaskEnds(MezzoLocal local) throws Exception {
    String id = launch(local, "dash-ticker", "i=0; while [ $i -lt 600 ]; do echo line-$i; i=$((i+1)); sleep 0.2; done").get(0);
    framework.awaitState(id, TaskState.TASK_RUNNING, WAIT);
    open("/tasks/" + framework.id().getValue() + "/" + id);
    int first = browser.until("output in the log view", d -> lastLine(d) >= 0 ? lastLine(d) : null);
    // A line every 200 ms: ten more within a few seconds, with no reload or click.
    int later = browser.until("new lines in the log view", d -> lastLine(d) >= first + 10 ? lastLine(d) : null);
    assertTrue(later > first);
    browser.screenshot(SCREENSHOTS.resolve("dashboard-task.png"));

    Await.result(framework.client().kill(TaskID.newBuilder().setValue(id).build(),
        framework.updates(id).get(0).getAgentId()));
    browser.until("the log view to stop with the task",
        d -> String.valueOf(text(d, ".log-status")).startsWith("Task ended (KILLED)"));
    browser.until("the history to show the kill", d -> String.valueOf(text(d, "table.history")).contains("KILLED"));
  }

  /** The highest line-N in the log view, or -1. */
  static int lastLine(WebDriver driver) {
    String log = text(driver, "pre.log-text");
    int last = -1;
    if (log != null) {
      Matcher m = LINE.matcher(log);
      while (m.find()) {
        last = Math.max(last, Integer.parseInt(m.group(1)));
      }
    }
    return last;
  }

  @Test
  @Order(4)
  void aFilterNarrowsTheTasksAndSurvivesAReload(MezzoLocal local) throws Exception {
    List<String> ids = launch(local, "dash-filter", "true", "true", "true");
    String wanted = ids.get(1);
    open("/tasks");
    browser.until("every new task listed", d -> ids.stream().allMatch(id -> !d.findElements(taskRow(id)).isEmpty()));
    WebElement filter = browser.driver.findElement(By.cssSelector("input.filter"));
    filter.sendKeys(wanted);
    browser.until("only the wanted task listed", d -> visibleTaskKeys(d).equals(List.of(framework.id().getValue() + "/" + wanted)));
    assertTrue(browser.driver.getCurrentUrl().contains("q=" + wanted), browser.driver.getCurrentUrl());

    browser.driver.navigate().refresh();
    browser.until("the filter back after the reload",
        d -> wanted.equals(d.findElement(By.cssSelector("input.filter")).getAttribute("value")));
    browser.until("still only the wanted task", d -> visibleTaskKeys(d).equals(List.of(framework.id().getValue() + "/" + wanted)));
  }

  /** The keys of the rows the tasks table shows, read at once (rows are redrawn as tasks change). */
  @SuppressWarnings("unchecked")
  static List<String> visibleTaskKeys(WebDriver driver) {
    return (List<String>) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
        "return [...document.querySelectorAll('[data-table=tasks] tbody tr[data-key]')].map(row => row.dataset.key)");
  }

  @Test
  @Order(5)
  void noPageLogsAnError(MezzoLocal local) throws Exception {
    String done = launch(local, "dash-pages", "echo hello from the dashboard test; echo oops >&2").get(0);
    framework.awaitState(done, TaskState.TASK_FINISHED, WAIT);
    String frameworkId = framework.id().getValue();
    String agentId = framework.updates(done).get(0).getAgentId().getValue();

    // Some work in progress for the home page's picture; the framework's teardown ends it.
    List<String> busy = launchSized(local, "dash-busy", "cpus:1;mem:1024;disk:256", "sleep 120", "sleep 120");
    busy.forEach(id -> framework.awaitState(id, TaskState.TASK_RUNNING, WAIT));
    open("/");
    browser.until("the running tasks counted", d -> "2".equals(text(d, "#counts-tasks li[data-count=running] .value")));
    browser.until("the allocation chart", d -> d.findElement(By.cssSelector(".chart polyline")));
    browser.screenshot(SCREENSHOTS.resolve("dashboard-home.png"));
    open("/frameworks");
    browser.until("the framework listed", d -> String.valueOf(text(d, "[data-table=frameworks] tbody")).contains("dashboard-test"));
    look("frameworks");
    open("/frameworks/" + frameworkId);
    browser.until("the framework's page", d -> String.valueOf(text(d, "h1")).equals("dashboard-test"));
    look("framework");
    open("/agents");
    browser.until("the agent listed", d -> d.findElements(By.cssSelector("[data-table=agents] tr[data-key='" + agentId + "']")).size() == 1);
    look("agents");
    open("/agents/" + agentId);
    browser.until("the agent's resources", d -> "4".equals(text(d, "#agent-resources tr[data-row=total] td[data-resource=cpus]")));
    look("agent");
    open("/tasks/" + frameworkId + "/" + done);
    browser.until("a finished task's whole stdout",
        d -> String.valueOf(text(d, ".log-status")).startsWith("Task ended (FINISHED)")
            && String.valueOf(text(d, "pre.log-text")).contains("hello from the dashboard test"));
    browser.driver.findElement(By.cssSelector("button[data-tab=stderr]")).click();
    browser.until("its stderr", d -> String.valueOf(text(d, "pre.log-text")).contains("oops"));
    browser.driver.findElement(By.cssSelector("button[data-tab=files]")).click();
    browser.until("its sandbox's files", d -> String.valueOf(text(d, ".files tbody")).contains("stdout"));
    look("task-files");
    open("/roles");
    browser.until("the framework's role", d -> String.valueOf(text(d, "[data-table=roles] tbody")).contains("*"));
    look("roles");
    open("/masters");
    browser.until("the leader", d -> d.findElements(By.cssSelector("#masters tr[data-leader=true]")).size() == 1);
    look("masters");
    open("/no/such/page");
    browser.until("the not-found page", d -> "No such page".equals(text(d, "h1")));

    // Dark, and a phone's width with the menu open.
    open("/");
    browser.driver.findElement(By.id("theme-toggle")).click();
    browser.resize(Browser.PHONE);
    browser.driver.findElement(By.id("menu-toggle")).click();
    browser.until("the folded menu open", d -> d.findElement(By.cssSelector("nav.nav a[data-section=tasks]")).isDisplayed());
    browser.driver.findElement(By.cssSelector("nav.nav a[data-section=tasks]")).click();
    browser.until("the tasks on a phone", d -> !visibleTaskKeys(d).isEmpty());
    look("tasks-phone-dark");
    browser.driver.findElement(By.id("theme-toggle")).click();
    browser.resize(Browser.DESKTOP);
  }
}
