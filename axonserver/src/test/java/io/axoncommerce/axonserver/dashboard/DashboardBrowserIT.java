package io.axoncommerce.axonserver.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.axoncommerce.axonserver.dashboard.demo.ShopApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages in headless Chromium (Debian's chromium + chromium-driver, installed by scripts/ensure-chromium.sh),
 * against a running server with a real Axon application attached. A screenshot of each page is saved under
 * target/screenshots/ for a person to look at.
 */
class DashboardBrowserIT {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static ShopFixture fixture;
    static Path profile;
    static WebDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws IOException {
        boolean installed = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("Chromium is missing: run scripts/ensure-chromium.sh (as root)");
        }
        Assumptions.assumeTrue(installed, "Chromium is not installed: run scripts/ensure-chromium.sh (as root)");
        fixture = ShopFixture.get();
        profile = Files.createTempDirectory("dashboard-chromium");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                              "--disable-background-networking", "--disable-component-update", "--disable-sync",
                              "--no-first-run", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void open(String path) {
        browser.get(fixture.baseUrl() + path);
    }

    private static void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static Object pwned() {
        return ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return window.pwned;");
    }

    @Test
    void overviewShowsTheConnectedApplication() throws IOException {
        open("/");
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#applications-table tr[data-client='" + ShopFixture.CLIENT_ID + "']")));
        assertThat(row.getText()).contains("demo-shop").contains("CreateCart").contains("CartItemsQuery")
                                 .contains(ShopApp.PROCESSOR);
        assertThat(Long.parseLong(browser.findElement(By.id("figure-events")).getText())).isGreaterThanOrEqualTo(6);
        screenshot("overview");
    }

    @Test
    void eventsOfAKnownAggregateAreListedNewestFirst() throws IOException {
        open("/events.html?aggregateId=" + ShopFixture.KNOWN_CART);
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#events-body tr"), 5));
        List<String> sequences = browser.findElements(By.cssSelector("#events-body tr td:nth-child(4)")).stream()
                                        .map(WebElement::getText).toList();
        assertThat(sequences).containsExactly("4", "3", "2", "1", "0");
        screenshot("events");

        // from any event to its aggregate
        browser.findElement(By.cssSelector("#events-body tr td:nth-child(3) a")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("timeline")));
        assertThat(browser.getCurrentUrl()).contains("/aggregate.html?id=" + ShopFixture.KNOWN_CART);
    }

    @Test
    void aggregateTimelineHasTheEventsInOrderWithSnapshotsMarked() throws IOException {
        open("/aggregate.html?id=" + ShopFixture.KNOWN_CART);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("timeline")));
        List<WebElement> events = browser.findElements(By.cssSelector("#timeline li.event"));
        assertThat(events).extracting(e -> e.getDomAttribute("data-sequence"))
                          .containsExactly("0", "1", "2", "3", "4");
        assertThat(events).extracting(e -> e.findElement(By.cssSelector(".event-type")).getText())
                          .containsExactly("CartCreated", "ItemAdded", "ItemAdded", "ItemAdded", "ItemAdded");
        for (int i = 0; i < ShopFixture.KNOWN_ITEMS.size(); i++) {
            assertThat(events.get(i + 1).findElement(By.cssSelector("pre.payload")).getText())
                    .contains("\"item\" : \"" + ShopFixture.KNOWN_ITEMS.get(i) + "\"");
        }
        assertThat(browser.findElements(By.cssSelector("#timeline li.snapshot"))).isNotEmpty();
        screenshot("aggregate");

        // from the timeline to one event's detail
        events.get(2).findElement(By.cssSelector("a")).click();
        WebElement payload = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("payload")));
        assertThat(payload.getText()).contains("\"item\" : \"banana\"");
        assertThat(browser.findElement(By.id("event-detail")).getText()).contains("Correlation id")
                                                                          .contains(ShopFixture.KNOWN_CART);
        screenshot("event");
    }

    @Test
    void scriptInAPayloadIsShownAsText() throws IOException {
        open("/events.html?text=pwned");
        WebElement cell = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#events-body tr pre.payload")));
        assertThat(cell.getText()).contains(ShopFixture.XSS_OWNER);
        assertThat(browser.findElements(By.cssSelector("#events-body script, #events-body img"))).isEmpty();
        assertThat(pwned()).isNull();
        screenshot("events-script-payload");

        browser.findElement(By.cssSelector("#events-body tr td:nth-child(1) a")).click();
        WebElement payload = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("payload")));
        assertThat(payload.getText()).contains(ShopFixture.XSS_OWNER);
        assertThat(browser.findElements(By.cssSelector("#payload *"))).isEmpty();
        assertThat(pwned()).isNull();
    }

    @Test
    void pauseAndStartAProcessor() throws IOException {
        open("/processors.html");
        By section = By.cssSelector("section[data-processor='" + ShopApp.PROCESSOR + "'][data-client='"
                                            + ShopFixture.CLIENT_ID + "']");
        By status = By.cssSelector("section[data-processor='" + ShopApp.PROCESSOR + "'] .status");
        wait.until(ExpectedConditions.textToBe(status, "Running"));
        assertThat(browser.findElement(section).findElements(By.cssSelector("tr[data-segment]"))).isNotEmpty();
        screenshot("processors");

        browser.findElement(section).findElement(By.cssSelector("button.action-pause")).click();
        wait.until(ExpectedConditions.textToBe(status, "Paused"));
        assertThat(browser.findElement(By.id("message")).getText()).contains("pause").contains("done");
        screenshot("processors-paused");

        browser.findElement(section).findElement(By.cssSelector("button.action-start")).click();
        wait.until(ExpectedConditions.textToBe(status, "Running"));
    }

    /**
     * The open dashboard has no session and no CSRF token, so a page of another site the developer visits could post
     * a form to it. Served from 127.0.0.1 while the dashboard is at localhost, the page is cross-site.
     */
    @Test
    void aPageOfAnotherSiteCannotPauseAProcessor() throws IOException {
        String action = fixture.baseUrl() + "/v1/processors/" + ShopApp.PROCESSOR + "/pause?clientId="
                + ShopFixture.CLIENT_ID;
        byte[] page = ("<!doctype html><html><body><form id='f' method='post' action='" + action + "'></form>"
                + "<script>document.getElementById('f').submit();</script></body></html>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpServer otherSite = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        otherSite.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        otherSite.start();
        try {
            browser.get("http://127.0.0.1:" + otherSite.getAddress().getPort() + "/");
            wait.until(ExpectedConditions.urlContains("/v1/processors/"));
            wait.until(d -> d.getPageSource().contains("Cross-site request refused"));
        } finally {
            otherSite.stop(0);
        }
        JsonNode processor = fixture.processor();
        assertThat(processor.path("running").asBoolean()).as("still running: %s", processor).isTrue();
    }

    @Test
    void commandsAndQueriesShowFigures() throws IOException {
        open("/messages.html");
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "#commands-table tr[data-name='" + ShopApp.class.getPackageName()
                        + ".ShopMessages$CreateCart']")));
        List<WebElement> cells = row.findElements(By.tagName("td"));
        assertThat(cells.get(1).getText()).contains(ShopFixture.CLIENT_ID);
        assertThat(Long.parseLong(cells.get(2).getText())).isGreaterThanOrEqualTo(2);
        assertThat(Double.parseDouble(cells.get(5).getText())).isPositive();
        assertThat(browser.findElements(By.cssSelector("#queries-table tr[data-name]"))).isNotEmpty();
        screenshot("messages");
    }
}
