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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
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
     * Replay progress and dead letters as the shop's admin API (a real HTTP server, {@link AdminApiBackend}) answers
     * them: shown in the shop's processor section, a payload with markup shown as text, and Retry all / Evict sent to
     * the admin API through the dashboard. An application without an admin API gets the "not configured" line.
     */
    @Test
    void replayProgressAndDeadLettersFromTheAdminApi() throws IOException {
        AdminApiBackend backend = fixture.adminApi;
        String deadLetters = """
                [{"sequence": "cart-7", "letters": [
                  {"messageId": "first", "eventType": "io.example.ItemAdded",
                   "event": {"cartId": "cart-7", "item": "<img src=x onerror='window.pwned=3'>"}, "aggregateId": "cart-7",
                   "aggregateSequence": 2, "errorType": "java.lang.IllegalStateException", "error": "cart-7 is broken",
                   "attempts": 3, "enqueuedAt": "2026-01-31T12:00:00Z", "lastTouched": "2026-01-31T12:00:00Z"},
                  {"messageId": "second", "eventType": "io.example.ItemAdded", "aggregateId": "cart-7",
                   "aggregateSequence": 3, "errorType": null, "error": null, "attempts": 0,
                   "enqueuedAt": "2026-01-31T12:00:01Z", "lastTouched": "2026-01-31T12:00:01Z"}]}]""";
        backend.answer("GET", ShopFixture.STATUS_PATH, 200, """
                {"replaying": true, "progress": 42.5, "replay": {"from": null, "fromPosition": -1, "toPosition": 999,
                 "startedAt": "2026-01-31T12:00:00Z", "etaSeconds": 75}}""");
        backend.answer("GET", ShopFixture.DEAD_LETTERS_PATH, 200, deadLetters);
        backend.answer("POST", ShopFixture.DEAD_LETTERS_PATH + "/retry", 200,
                       "{\"sequences\":1,\"processed\":0,\"parked\":2}");
        backend.answer("DELETE", ShopFixture.DEAD_LETTERS_PATH + "/second",
                       new AdminApiBackend.Answer(204, null, null, Duration.ZERO, false));
        var otherShop = ShopApp.start(fixture.server.axonServer().grpcPort(), "browser-other-1", "shop-unconfigured");
        // the page renders anew every 2 s: elements are looked up again whenever one went stale
        FluentWait<WebDriver> patient = new WebDriverWait(browser, Duration.ofSeconds(20))
                .ignoring(StaleElementReferenceException.class);
        String shop = "section[data-processor='" + ShopApp.PROCESSOR + "'][data-client='" + ShopFixture.CLIENT_ID
                + "'] ";
        By rows = By.cssSelector(shop + ".dead-letters tr[data-message-id]");
        try {
            open("/processors.html");
            wait.until(ExpectedConditions.textToBe(By.cssSelector(shop + ".replay-percent"), "42.5 %"));
            String eta = patient.until(d -> d.findElement(By.cssSelector(shop + ".replay-eta")).getText());
            assertThat(eta).isEqualTo("1 min 15 s");
            String replay = patient.until(d -> d.findElement(By.cssSelector(shop + "p.replay")).getText());
            assertThat(replay).contains("of the events up to token 999 (full replay)");
            List<String> letters = patient.until(d -> {
                List<String> texts = d.findElements(rows).stream().map(WebElement::getText).toList();
                return texts.size() == 2 ? texts : null;
            });
            assertThat(letters.get(0)).contains("cart-7").contains("ItemAdded")
                                      .contains("IllegalStateException: cart-7 is broken").contains("3");
            assertThat(letters.get(1)).contains("waits behind the first event");
            Integer retryButtons = patient.until(d -> d.findElements(By.cssSelector(
                    shop + "tr[data-message-id='first'] button.action-retry")).size());
            assertThat(retryButtons).isOne();
            assertThat(browser.findElements(By.cssSelector(shop + "tr[data-message-id='second'] button.action-retry")))
                    .isEmpty();
            // the payload, markup included, is text (and stays open across the page's refreshes)
            patient.until(d -> {
                d.findElement(By.cssSelector(shop + "tr[data-message-id='first'] details summary")).click();
                return true;
            });
            String payload = patient.until(d -> {
                String text = d.findElement(By.cssSelector(shop + "tr[data-message-id='first'] pre.payload")).getText();
                return text.isEmpty() ? null : text;
            });
            assertThat(payload).contains("<img src=x onerror='window.pwned=3'>");
            assertThat(browser.findElements(By.cssSelector(".dead-letters img"))).isEmpty();
            assertThat(pwned()).isNull();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("section[data-client='browser-other-1'] .admin-not-configured"), "not configured"));
            screenshot("processors-dead-letters");

            int before = backend.requests().size();
            patient.until(d -> {
                d.findElement(By.cssSelector(shop + "button.action-retry-all")).click();
                return true;
            });
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"),
                                                                          "0 of 1 sequence(s) processed"));
            assertThat(browser.findElement(By.id("message")).getText()).contains("2 letter(s) still parked");
            patient.until(d -> {
                d.findElement(By.cssSelector(shop + "tr[data-message-id='second'] button.action-evict")).click();
                return true;
            });
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            backend.answer("GET", ShopFixture.DEAD_LETTERS_PATH, 200, "[]");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "evict cart-view: done"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(
                    shop + ".dead-letters-summary"), "None parked."));
            assertThat(backend.requestsSince(before)).extracting(r -> r.method() + " " + r.rawPath())
                    .contains("POST " + ShopFixture.DEAD_LETTERS_PATH + "/retry",
                              "DELETE " + ShopFixture.DEAD_LETTERS_PATH + "/second");
        } finally {
            otherShop.close();
            backend.answer("GET", ShopFixture.STATUS_PATH, 200, ShopFixture.NOT_REPLAYING);
            backend.answer("GET", ShopFixture.DEAD_LETTERS_PATH, 200, "[]");
        }
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
