package io.axoncommerce.axonserver.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.axoncommerce.axonserver.dashboard.AdminApiBackend.Answer;
import io.axoncommerce.axonserver.dashboard.AdminApiBackend.Recorded;
import io.axoncommerce.axonserver.dashboard.demo.ShopApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;

import static io.axoncommerce.axonserver.dashboard.ShopFixture.DEAD_LETTERS_PATH;
import static io.axoncommerce.axonserver.dashboard.ShopFixture.STATUS_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard's view of what the platform protocol does not carry, from the shop's admin API: a real HTTP server
 * ({@link AdminApiBackend}) answers as the application would, and records what the dashboard relayed to it, with which
 * credentials. A second application of a component without an admin API shows what the standalone server shows.
 */
class DashboardAdminApiIT {

    private static final String OTHER_COMPONENT = "shop-without-admin-api";
    private static final String OTHER_CLIENT = "other-shop-1";
    private static final String MESSAGE_ID = "2b0c6a52-3f0e-4a4e-9d6e-6f1f0f2a9c11";
    private static final String DEAD_LETTERS = """
            [{"sequence": "cart-9", "letters": [
              {"messageId": "%s", "eventType": "io.example.ItemAdded", "event": {"cartId": "cart-9", "item": "<b>x</b>"},
               "aggregateId": "cart-9", "aggregateSequence": 3, "eventTimestamp": "2026-01-31T12:00:00Z",
               "errorType": "java.lang.IllegalStateException", "error": "cart-9 is broken", "attempts": 2,
               "enqueuedAt": "2026-01-31T12:00:01Z", "lastTouched": "2026-01-31T12:05:00Z"},
              {"messageId": "second", "eventType": "io.example.ItemAdded", "aggregateId": "cart-9",
               "aggregateSequence": 4, "eventTimestamp": "2026-01-31T12:00:02Z", "errorType": null, "error": null,
               "attempts": 0, "enqueuedAt": "2026-01-31T12:00:02Z", "lastTouched": "2026-01-31T12:00:02Z"}]}]
            """.formatted(MESSAGE_ID);

    static ShopFixture fixture;
    static AdminApiBackend backend;
    static Http http;
    static ConfigurableApplicationContext otherShop;

    @BeforeAll
    static void start() {
        fixture = ShopFixture.get();
        backend = fixture.adminApi;
        http = new Http(fixture.baseUrl());
        otherShop = ShopApp.start(fixture.server.axonServer().grpcPort(), OTHER_CLIENT, OTHER_COMPONENT);
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.server.axonServer().platform().clients().stream()
                .anyMatch(c -> c.clientId().equals(OTHER_CLIENT) && c.processors().containsKey(ShopApp.PROCESSOR)));
    }

    @AfterAll
    static void stop() {
        if (otherShop != null) {
            otherShop.close();
        }
    }

    @AfterEach
    void scriptTheDefaults() {
        backend.answer("GET", STATUS_PATH, 200, ShopFixture.NOT_REPLAYING);
        backend.answer("GET", DEAD_LETTERS_PATH, 200, "[]");
    }

    private static String path(String suffix) {
        return "/v1/processors/" + ShopApp.PROCESSOR + suffix + (suffix.contains("?") ? "&" : "?") + "component="
                + ShopApp.COMPONENT;
    }

    private static JsonNode processorOf(String clientId) {
        return StreamSupport.stream(http.get("/v1/processors").json().spliterator(), false)
                .filter(p -> p.path("clientId").asText().equals(clientId)).findFirst().orElseThrow();
    }

    private static void assertProblem(Http.Response response, int status, String... detailContains) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        for (String part : detailContains) {
            assertThat(response.json().path("detail").asText()).containsIgnoringCase(part);
        }
    }

    @Test
    void theProcessorListSaysWhereAnAdminApiCanTellMore() {
        JsonNode shop = processorOf(ShopFixture.CLIENT_ID);
        assertThat(shop.path("adminApi").path("replay").asBoolean()).isTrue();
        assertThat(shop.path("adminApi").path("deadLetters").asBoolean()).isTrue();
        // a component without configuration: what the dashboard shows without any (the standalone server)
        JsonNode other = processorOf(OTHER_CLIENT);
        assertThat(other.path("component").asText()).isEqualTo(OTHER_COMPONENT);
        assertThat(other.path("adminApi").isNull()).as(other.toString()).isTrue();
        int before = backend.requests().size();
        assertProblem(http.get("/v1/processors/" + ShopApp.PROCESSOR + "/dead-letters?component=" + OTHER_COMPONENT),
                      404, "no admin api", OTHER_COMPONENT);
        assertThat(backend.requestsSince(before)).isEmpty();
    }

    @Test
    void replayProgressAndEtaComeFromTheApplicationWithTheDashboardsToken() {
        backend.answer("GET", STATUS_PATH, 200, """
                {"name": "cart-view", "status": "RUNNING", "position": 420, "head": 1100, "lag": 680,
                 "replaying": true, "progress": 42.5, "segments": 2, "claimedSegments": 2,
                 "replay": {"from": null, "fromPosition": -1, "toPosition": 999,
                            "startedAt": "2026-01-31T12:00:00Z", "etaSeconds": 17}}""");
        int before = backend.requests().size();
        Http.Response response = http.get(path("/replay"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode replay = response.json();
        assertThat(replay.path("processor").asText()).isEqualTo(ShopApp.PROCESSOR);
        assertThat(replay.path("component").asText()).isEqualTo(ShopApp.COMPONENT);
        assertThat(replay.path("replaying").asBoolean()).isTrue();
        assertThat(replay.path("progressPercent").asDouble()).isEqualTo(42.5);
        assertThat(replay.path("etaSeconds").asLong()).isEqualTo(17);
        assertThat(replay.path("fromPosition").asLong()).isEqualTo(-1);
        assertThat(replay.path("toPosition").asLong()).isEqualTo(999);
        assertThat(replay.path("startedAt").asText()).isEqualTo("2026-01-31T12:00:00Z");
        assertThat(backend.requestsSince(before)).containsExactly(
                new Recorded("GET", STATUS_PATH, "Bearer " + ShopFixture.ADMIN_API_TOKEN));

        // a replay started from code: progress, but neither range nor ETA
        backend.answer("GET", STATUS_PATH, 200, "{\"replaying\": true, \"progress\": 12.0, \"replay\": null}");
        JsonNode fromCode = http.get(path("/replay")).json();
        assertThat(fromCode.path("progressPercent").asDouble()).isEqualTo(12.0);
        assertThat(fromCode.path("etaSeconds").isNull()).isTrue();
        assertThat(fromCode.path("toPosition").isNull()).isTrue();
    }

    @Test
    void deadLettersAreListedRetriedAndEvictedThroughTheApplication() {
        backend.answer("GET", DEAD_LETTERS_PATH, 200, DEAD_LETTERS);
        backend.answer("POST", DEAD_LETTERS_PATH + "/retry", 200, "{\"sequences\":1,\"processed\":0,\"parked\":2}");
        backend.answer("POST", DEAD_LETTERS_PATH + "/" + MESSAGE_ID + "/retry", 200,
                       "{\"sequences\":1,\"processed\":1,\"parked\":0}");
        backend.answer("DELETE", DEAD_LETTERS_PATH + "/second", new Answer(204, null, null, Duration.ZERO, false));
        int before = backend.requests().size();

        JsonNode listed = http.get(path("/dead-letters")).json();
        assertThat(listed.path("letters").asLong()).isEqualTo(2);
        JsonNode sequence = listed.path("sequences").get(0);
        assertThat(sequence.path("sequence").asText()).isEqualTo("cart-9");
        JsonNode first = sequence.path("letters").get(0);
        assertThat(first.path("messageId").asText()).isEqualTo(MESSAGE_ID);
        assertThat(first.path("eventType").asText()).isEqualTo("io.example.ItemAdded");
        assertThat(first.path("event").path("item").asText()).isEqualTo("<b>x</b>");
        assertThat(first.path("error").asText()).isEqualTo("cart-9 is broken");
        assertThat(first.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(first.path("attempts").asLong()).isEqualTo(2);
        assertThat(first.path("aggregateSequence").asLong()).isEqualTo(3);
        assertThat(first.path("enqueuedAt").asText()).isEqualTo("2026-01-31T12:00:01Z");
        JsonNode second = sequence.path("letters").get(1);
        assertThat(second.path("event").isNull()).isTrue();
        assertThat(second.path("error").isNull()).isTrue();

        JsonNode retriedAll = http.post(path("/dead-letters/retry")).json();
        assertThat(retriedAll.path("processed").asInt()).isZero();
        assertThat(retriedAll.path("parked").asLong()).isEqualTo(2);
        JsonNode retried = http.post(path("/dead-letters/" + MESSAGE_ID + "/retry")).json();
        assertThat(retried.path("processed").asInt()).isOne();
        Http.Response evicted = http.send("DELETE", path("/dead-letters/second"), Map.of());
        assertThat(evicted.status()).as(evicted.body()).isEqualTo(204);

        String bearer = "Bearer " + ShopFixture.ADMIN_API_TOKEN;
        assertThat(backend.requestsSince(before)).containsExactly(
                new Recorded("GET", DEAD_LETTERS_PATH, bearer),
                new Recorded("POST", DEAD_LETTERS_PATH + "/retry", bearer),
                new Recorded("POST", DEAD_LETTERS_PATH + "/" + MESSAGE_ID + "/retry", bearer),
                new Recorded("DELETE", DEAD_LETTERS_PATH + "/second", bearer));
    }

    @Test
    void aMessageIdIsRelayedAsOnePathSegment() {
        int before = backend.requests().size();
        // reserved characters stay inside the id's segment: no query, no other path
        Http.Response response = http.post(path("/dead-letters/a%3Fb%23c/retry"));
        assertProblem(response, 404, ShopApp.COMPONENT, "nothing scripted");
        assertThat(backend.requestsSince(before)).extracting(Recorded::rawPath)
                .containsExactly(DEAD_LETTERS_PATH + "/a%3Fb%23c/retry");
    }

    @Test
    void theApplicationsRefusalsArePassedOnAndItsFailuresAreBadGateways() {
        backend.answer("POST", DEAD_LETTERS_PATH + "/gone/retry", new Answer(404, "application/problem+json",
                "{\"status\":404,\"detail\":\"No dead-letter sequence of cart-view starts with event gone\"}",
                Duration.ZERO, false));
        assertProblem(http.post(path("/dead-letters/gone/retry")), 404, ShopApp.COMPONENT,
                      "no dead-letter sequence of cart-view starts with event gone");
        backend.answer("POST", DEAD_LETTERS_PATH + "/retry", 409, "{\"detail\":\"busy replaying\"}");
        assertProblem(http.post(path("/dead-letters/retry")), 409, "busy replaying");

        // the application refuses the dashboard's token: the dashboard's configuration is at fault, and a 401 here
        // would send the page to the dashboard's own login
        backend.answer("GET", DEAD_LETTERS_PATH, 401, "");
        assertProblem(http.get(path("/dead-letters")), 502, "refused the dashboard (401)", "admin-api.token");
        backend.answer("GET", DEAD_LETTERS_PATH, 403, "{\"detail\":\"needs role admin\"}");
        assertProblem(http.get(path("/dead-letters")), 502, "(403)", "needs role admin");

        backend.answer("GET", STATUS_PATH, new Answer(500, "text/plain", "boom", Duration.ZERO, false));
        assertProblem(http.get(path("/replay")), 502, "answered 500", "boom");
        backend.answer("GET", STATUS_PATH, new Answer(200, "text/html", "<html>login</html>", Duration.ZERO, false));
        assertProblem(http.get(path("/replay")), 502, "unreadable");
        backend.answer("GET", STATUS_PATH, 200, "{\"status\": \"RUNNING\"}");
        assertProblem(http.get(path("/replay")), 502, "without replaying and progress");
        backend.answer("GET", STATUS_PATH, new Answer(200, "application/json", "{}", Duration.ZERO, true));
        assertProblem(http.get(path("/replay")), 502, "cannot be reached");
        // slower than the configured time-out (2 s)
        backend.answer("GET", DEAD_LETTERS_PATH, new Answer(200, "application/json", "[]", Duration.ofSeconds(4),
                                                            false));
        long start = System.nanoTime();
        assertProblem(http.get(path("/dead-letters")), 504, "did not answer in time");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void badRequestsAreRefusedBeforeAnythingIsRelayed() {
        int before = backend.requests().size();
        assertProblem(http.get("/v1/processors/" + ShopApp.PROCESSOR + "/dead-letters"), 400, "component");
        assertProblem(http.get("/v1/processors/no-such-processor/dead-letters?component=" + ShopApp.COMPONENT), 404,
                      "no-such-processor");
        assertProblem(http.get("/v1/processors/" + ShopApp.PROCESSOR + "/replay?component=nobody"), 404, "nobody");
        // a path step never reaches the application (the firewall refuses it, and so would the id check)
        assertThat(http.send("DELETE", path("/dead-letters/.."), Map.of()).status()).isEqualTo(400);
        assertProblem(http.post(path("/dead-letters/" + "x".repeat(201) + "/retry")), 400, "messageId");
        // another site cannot make a browser act on dead letters
        assertProblem(http.send("DELETE", path("/dead-letters/" + MESSAGE_ID),
                                Map.of("Sec-Fetch-Site", "cross-site")), 403, "cross-site");
        assertProblem(http.send("POST", path("/dead-letters/retry"), Map.of("Origin", "http://evil.example")), 403,
                      "cross-site");
        assertThat(backend.requestsSince(before)).isEmpty();
    }
}
