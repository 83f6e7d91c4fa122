package io.fgm.query;

import static io.fgm.query.fixture.ClusterFixture.BATCH;
import static io.fgm.query.fixture.ClusterFixture.DB;
import static io.fgm.query.fixture.ClusterFixture.END;
import static io.fgm.query.fixture.ClusterFixture.START;
import static io.fgm.query.fixture.ClusterFixture.T0;
import static io.fgm.query.fixture.ClusterFixture.WEB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.fixture.ClusterFixture;
import io.fgm.query.fixture.FindingFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Tests for the web viewer in a real headless Chromium (Debian's chromium + chromium-driver): loads the page
 * against a real query service over fixture Parquet, selects containers, adds a panel, zooms by dragging on the
 * overview, opens a finding from the findings feed, and checks the drawn series and the URL state. Screenshots go to {@code target/screenshots/}.
 * Skipped when Chromium is not installed ({@code .ci/run} installs it).
 */
class ViewerITCase {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TempDir static Path store;
  @TempDir static Path profile;
  static QueryServer server;
  static ChromeDriver browser;

  @BeforeAll
  static void start() {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium and chromium-driver are not installed");
    ClusterFixture.write(store);
    FindingFixture.write(store);
    server = QueryServer.start(QueryConfig.builder().storePath(store).port(0)
        .clock(Clock.fixed(Instant.ofEpochMilli(END), ZoneOffset.UTC)).build());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1400,1000");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void select_containers_add_a_panel_zoom_and_share_the_url() throws Exception {
    open("/?from=" + START + "&to=" + END + "&metric=cpu.usage_millicores");
    // containers sorted by the selected metric's average: db (500 m), web (~130 m), batch (~58 m)
    assertEquals(List.of(DB.containerId(), WEB.containerId(), BATCH.containerId()), containerOrder());
    assertTrue(text("#metric-list li.selected").startsWith("cpu.usage_millicores"));

    int loads = loads();
    checkbox(WEB.containerId()).click();
    awaitLoads(loads + 1);
    loads = loads();
    checkbox(DB.containerId()).click();
    awaitLoads(loads + 1);
    assertEquals(1, count(".panel"));
    assertEquals(List.of(WEB.containerId(), DB.containerId()), js("return fgm.plots[0].fgmSeries"));
    assertEquals(List.of("prod/web-7d9f/web", "prod/db-0/postgres"),
        js("return fgm.plots[0].series.slice(1).map(s => s.label)"));
    assertEquals(1200, ((Number) js("return fgm.plots[0].data[0].length")).intValue());
    screenshot("1-one-panel");

    browser.findElement(By.cssSelector("#metric-list li[data-metric='memory.current_bytes']")).click();
    awaitContainers(2);
    loads = loads();
    browser.findElement(By.id("add-panel")).click();
    awaitLoads(loads + 1);
    assertEquals(2, count(".panel"));
    assertEquals("memory.current_bytes", js("return fgm.plots[1].fgmMetric"));
    js("fgm.plots[1].setCursor({left: 200, top: 50}); return null");
    assertTrue(text(".panel[data-index='1'] .u-legend").contains("MiB"), text(".panel[data-index='1'] .u-legend"));
    screenshot("2-two-panels");

    // brush zoom: drag across the middle fifth of the overview
    WebElement overview = browser.findElement(By.cssSelector("#overview .u-over"));
    int w = overview.getSize().getWidth();
    loads = loads();
    new Actions(browser).moveToElement(overview, -w / 10, 0).clickAndHold().moveByOffset(w / 5, 0).release()
        .perform();
    awaitLoads(loads + 1);
    String url = browser.getCurrentUrl();
    long from = param(url, "from");
    long to = param(url, "to");
    assertTrue(from > START && to < END && from < T0 && to > T0, url);
    assertTrue(to - from < (END - START) / 3, url);
    double panelMin = ((Number) js("return fgm.plots[1].scales.x.min")).doubleValue() * 1000;
    assertEquals(from, panelMin, 1000);
    assertTrue(url.contains("panels=cpu.usage_millicores%2Cmemory.current_bytes")
        || url.contains("panels=cpu.usage_millicores,memory.current_bytes"), url);
    screenshot("3-zoomed");

    // the URL alone restores the view
    browser.get(url);
    awaitReady();
    assertEquals(2, count(".panel"));
    assertEquals(List.of(WEB.containerId(), DB.containerId()), js("return fgm.state.selected"));
    assertEquals(((Number) js("return fgm.plots[0].scales.x.min")).doubleValue() * 1000, from, 1000);
    // the overview still spans the range before zooming, with the zoomed window marked
    assertEquals(START, ((Number) js("return fgm.overview.scales.x.min")).doubleValue() * 1000, 1000);
    assertTrue(((Number) js("return fgm.overview.select.width")).doubleValue() > 0);
    screenshot("4-restored");

    browser.findElement(By.id("reset")).click();
    awaitLoads(loads());
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> param(browser.getCurrentUrl(), "from") == START);
  }

  @Test
  void the_findings_feed_lists_findings_by_rank_and_opens_one() throws Exception {
    open("/?from=" + START + "&to=" + END + "&metric=cpu.usage_millicores");
    // rank order: OOM kill, leak, throttling, then the change points by score
    assertEquals(List.of(FindingFixture.OOM.findingId(), FindingFixture.LEAK.findingId(),
        FindingFixture.THROTTLED.findingId(), FindingFixture.STEP_WEB.findingId(),
        FindingFixture.STEP_BATCH.findingId()), findingOrder());
    String first = text("#finding-list li:first-child");
    assertTrue(first.contains("OOM kill") && first.contains("prod/db-0/postgres") && first.contains("node-a"), first);
    assertTrue(first.contains(FindingFixture.OOM.description()), first);
    assertFalse(checkbox(DB.containerId()).isSelected());
    screenshot("5-findings-feed");

    int loads = loads();
    browser.findElement(By.cssSelector("#finding-list li[data-finding='" + FindingFixture.OOM.findingId() + "']"))
        .click();
    awaitLoads(loads + 1);
    new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
        .until(d -> checkbox(DB.containerId()).isSelected());
    assertEquals(List.of(DB.containerId()), js("return fgm.state.selected"));
    assertEquals(List.of("memory.current_bytes"), js("return fgm.state.panels"));
    assertEquals(List.of("prod/db-0/postgres"), js("return fgm.plots[0].series.slice(1).map(s => s.label)"));
    assertTrue(text("#metric-list li.selected").startsWith("memory.current_bytes"));
    String url = browser.getCurrentUrl();
    long from = param(url, "from");
    long to = param(url, "to");
    // a window around the OOM kill, with a margin on both sides, inside the feed's range
    assertTrue(from < FindingFixture.OOM.startMs() && to > FindingFixture.OOM.endMs(), url);
    assertTrue(from > START && to < END, url);
    assertTrue(url.contains("c=" + DB.containerId()), url);
    assertTrue(url.contains("metric=memory.current_bytes"), url);
    assertEquals(from, ((Number) js("return fgm.plots[0].scales.x.min")).doubleValue() * 1000, 1000);
    screenshot("6-finding-opened");
  }

  static List<String> findingOrder() {
    return browser.findElements(By.cssSelector("#finding-list li")).stream()
        .map(e -> e.getAttribute("data-finding")).toList();
  }

  static void open(String path) {
    browser.get("http://127.0.0.1:" + server.port() + path);
    awaitReady();
  }

  static void awaitReady() {
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(js("return fgm.ready")));
  }

  static int loads() {
    return ((Number) js("return fgm.loads")).intValue();
  }

  static void awaitLoads(int n) {
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(d -> ((Number) js("return fgm.loads")).intValue() >= n);
  }

  static void awaitContainers(int n) {
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> count("#container-list li") == n);
  }

  static WebElement checkbox(String containerId) {
    return browser.findElement(By.cssSelector("#container-list input[data-container='" + containerId + "']"));
  }

  static List<String> containerOrder() {
    return browser.findElements(By.cssSelector("#container-list input")).stream()
        .map(e -> e.getAttribute("data-container")).toList();
  }

  static int count(String css) {
    return browser.findElements(By.cssSelector(css)).size();
  }

  static String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText();
  }

  @SuppressWarnings("unchecked")
  static <T> T js(String script) {
    return (T) ((JavascriptExecutor) browser).executeScript(script);
  }

  static long param(String url, String name) {
    for (String kv : url.substring(url.indexOf('?') + 1).split("&")) {
      if (kv.startsWith(name + "=")) {
        return Long.parseLong(kv.substring(name.length() + 1));
      }
    }
    throw new AssertionError(name + " not in " + url);
  }

  static void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
