package io.mezzo.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * A dashboard left open while its master goes away and a new one takes over at the same
 * address (a restarted {@code mezzo local}, with a higher epoch): the page says the
 * connection broke, then follows the new master by itself, without a reload.
 */
class DashboardReconnectTest {
  @Test
  void theDashboardFollowsTheNextMasterWithoutAReload() throws Exception {
    Path workDir = Path.of(System.getProperty("mezzo.logs", "target/process-logs")).toAbsolutePath().getParent()
        .resolve("mezzo-reconnect-" + UUID.randomUUID());
    MezzoLocal first = new MezzoLocal(workDir, ProcessCluster.freePort(), ProcessCluster.freePort(), ProcessCluster.freePort(),
        "mezzo-reconnect-1");
    MezzoLocal second = null;
    try (Browser browser = Browser.start()) {
      browser.open("http://" + first.master() + "/#/");
      browser.until("the first master's epoch", d -> "1".equals(epoch(browser)));
      browser.script("window.mezzoTestMark = 'not reloaded'");

      first.close();
      browser.until("the page to say the connection broke",
          d -> !"live".equals(d.findElement(By.id("connection")).getAttribute("data-state"))
              && d.findElement(By.id("banner")).isDisplayed());

      second = first.restarted("mezzo-reconnect-2");
      browser.until("the next master's epoch", d -> "2".equals(epoch(browser))
          && "live".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
      assertEquals("not reloaded", browser.script("return window.mezzoTestMark"));
      assertTrue(!browser.driver.findElement(By.id("banner")).isDisplayed());

      // While the master was away its address refused connections, which the browser logs;
      // nothing else may have gone wrong.
      List<String> unexpected = browser.consoleErrors().stream()
          .filter(e -> !e.contains("ERR_CONNECTION_REFUSED") && !e.contains("ERR_EMPTY_RESPONSE")).toList();
      assertEquals(List.of(), unexpected);
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }

  static String epoch(Browser browser) {
    List<org.openqa.selenium.WebElement> found = browser.driver.findElements(By.cssSelector("dd[data-fact=Epoch]"));
    return found.isEmpty() ? null : found.get(0).getText();
  }
}
