package io.axoncommerce.axonserver.dashboard;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.HttpCookie;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** With an access token and an admin password configured, the dashboard and its API require them; health stays open. */
class DashboardSecurityIT {

    private static final String TOKEN = "dashboard-token";
    private static final String PASSWORD = "dashboard-password";
    private static final String ACTION = "/v1/processors/some-processor/pause?clientId=nobody";

    @TempDir
    static Path dataDir;
    static DashboardServer server;

    @BeforeAll
    static void start() {
        server = DashboardServer.start(dataDir, Map.of(
                "axoniq.axonserver.accesscontrol.enabled", "true",
                "axoniq.axonserver.accesscontrol.token", TOKEN,
                "axoniq.axonserver.dashboard.admin-password", PASSWORD));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void healthStaysOpen() {
        assertThat(new Http(server.baseUrl()).get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void apiNeedsTheTokenOrTheAdminPasswordInTheHeader() {
        Http http = new Http(server.baseUrl());
        Http.Response anonymous = http.get("/v1/overview");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.json().path("detail").asText()).contains("AxonIQ-Access-Token");
        assertThat(http.get("/v1/overview", Map.of("AxonIQ-Access-Token", "wrong")).status()).isEqualTo(401);
        assertThat(http.get("/v1/events", Map.of("AxonIQ-Access-Token", TOKEN)).status()).isEqualTo(200);
        assertThat(http.get("/v1/overview", Map.of("AxonIQ-Access-Token", PASSWORD)).status()).isEqualTo(200);
        // scripts send the header and need no CSRF token: this reaches the controller (no such application)
        assertThat(http.post(ACTION, Map.of("AxonIQ-Access-Token", TOKEN), "").status()).isEqualTo(404);
        // without the header a POST is refused before authentication even starts: no CSRF token
        assertThat(http.post(ACTION).status()).isEqualTo(403);
    }

    @Test
    void pagesNeedALogin() {
        Http browser = new Http(server.baseUrl());
        for (String page : new String[] {"/", "/events.html", "/processors.html", "/dashboard.js"}) {
            Http.Response response = browser.get(page);
            assertThat(response.status()).as(page).isEqualTo(302);
            assertThat(response.raw().headers().firstValue("Location")).hasValueSatisfying(
                    location -> assertThat(location).endsWith("/login"));
        }

        Http.Response wrong = login(browser, "not-the-password");
        assertThat(wrong.raw().headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).contains("/login?error"));
        assertThat(browser.get("/v1/overview").status()).isEqualTo(401);

        Http.Response right = login(browser, PASSWORD);
        assertThat(right.status()).isEqualTo(302);
        // back to the last page that asked for the login (not to the API call or the script after it)
        assertThat(right.raw().headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).contains("/processors.html"));
        Http.Response page = browser.get("/");
        assertThat(page.body()).contains("/overview.js");
        assertThat(page.raw().headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("script-src 'self'"));
        assertThat(browser.get("/v1/overview").status()).isEqualTo(200);

        // an action from the logged-in session needs the CSRF cookie echoed in a header, as the pages do
        assertThat(browser.post(ACTION).status()).isEqualTo(403);
        String xsrf = browser.cookies().getCookieStore().getCookies().stream()
                             .filter(c -> c.getName().equals("XSRF-TOKEN")).map(HttpCookie::getValue)
                             .findFirst().orElseThrow();
        assertThat(browser.post(ACTION, Map.of("X-XSRF-TOKEN", xsrf), "").status()).isEqualTo(404);
    }

    private static Http.Response login(Http browser, String password) {
        String form = browser.get("/login").body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"").matcher(form);
        assertThat(csrf.find()).as(form).isTrue();
        return browser.post("/login", Map.of(), "username=admin&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1));
    }
}
