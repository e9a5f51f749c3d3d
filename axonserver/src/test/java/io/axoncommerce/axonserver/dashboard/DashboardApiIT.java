package io.axoncommerce.axonserver.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.axoncommerce.axonserver.dashboard.demo.ShopApp;
import io.axoncommerce.axonserver.dashboard.demo.ShopMessages.AddItem;
import io.axoncommerce.axonserver.dashboard.demo.ShopMessages.CartCreated;
import io.axoncommerce.axonserver.dashboard.demo.ShopMessages.CartItemsQuery;
import io.axoncommerce.axonserver.dashboard.demo.ShopMessages.CreateCart;
import io.axoncommerce.axonserver.dashboard.demo.ShopMessages.ItemAdded;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every endpoint of the dashboard API against a running server with a real Axon application attached. */
class DashboardApiIT {

    static ShopFixture fixture;
    static Http http;

    @BeforeAll
    static void start() {
        fixture = ShopFixture.get();
        http = new Http(fixture.baseUrl());
    }

    private static JsonNode ok(String path) {
        Http.Response response = http.get(path);
        assertThat(response.status()).as(path + " -> " + response.body()).isEqualTo(200);
        return response.json();
    }

    private static void assertProblem(Http.Response response, int status, String detailContains) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.json().path("detail").asText()).containsIgnoringCase(detailContains);
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void overviewListsTheApplicationItsHandlersAndEventStoreFigures() {
        JsonNode overview = ok("/v1/overview");
        JsonNode app = list(overview.path("applications")).stream()
                .filter(a -> a.path("clientId").asText().equals(ShopFixture.CLIENT_ID)).findFirst().orElseThrow();
        assertThat(app.path("component").asText()).isEqualTo("demo-shop");
        assertThat(app.path("host").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1", "localhost");
        assertThat(Instant.parse(app.path("since").asText())).isBefore(Instant.now());
        assertThat(list(app.path("commands")).stream().map(JsonNode::asText))
                .contains(CreateCart.class.getName(), AddItem.class.getName());
        assertThat(list(app.path("queries")).stream().map(JsonNode::asText))
                .contains(CartItemsQuery.class.getName());
        assertThat(list(app.path("processors")).stream().map(JsonNode::asText)).contains(ShopApp.PROCESSOR);
        JsonNode store = overview.path("eventStore");
        // two carts: 1 + 4 events and 1 event, plus what other tests of this class appended
        assertThat(store.path("events").asLong()).isGreaterThanOrEqualTo(6);
        assertThat(store.path("events").asLong()).isEqualTo(store.path("lastToken").asLong() + 1);
        assertThat(store.path("aggregates").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(store.path("snapshots").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(store.path("sizeOnDiskBytes").asLong()).isPositive();
        assertThat(store.path("appendRatePerSecond").isNumber()).isTrue();
    }

    @Test
    void eventsOfAnAggregateComeNewestFirstAndPage() {
        JsonNode first = ok("/v1/events?aggregateId=" + ShopFixture.KNOWN_CART + "&size=2");
        List<JsonNode> events = list(first.path("events"));
        assertThat(events).extracting(e -> e.path("sequence").asLong()).containsExactly(4L, 3L);
        assertThat(events.getFirst().path("payload").asText()).contains("\"item\" : \"dates\"");
        assertThat(first.path("nextBefore").isNull()).isFalse();
        JsonNode second = ok("/v1/events?aggregateId=" + ShopFixture.KNOWN_CART + "&size=10&before="
                                     + first.path("nextBefore").asLong());
        assertThat(list(second.path("events"))).extracting(e -> e.path("sequence").asLong())
                                                 .containsExactly(2L, 1L, 0L);
        assertThat(second.path("nextBefore").isNull()).isTrue();
    }

    @Test
    void searchByTypeTextAndTimeRange() {
        JsonNode byType = ok("/v1/events?payloadType=CartCreated&size=50");
        assertThat(list(byType.path("events"))).isNotEmpty()
                .allSatisfy(e -> assertThat(e.path("payloadType").asText()).isEqualTo(CartCreated.class.getName()));
        assertThat(list(byType.path("events"))).extracting(e -> e.path("aggregateIdentifier").asText())
                                                .contains(ShopFixture.KNOWN_CART, ShopFixture.XSS_CART);
        JsonNode byFullType = ok("/v1/events?size=50&payloadType=" + encode(ItemAdded.class.getName()));
        assertThat(list(byFullType.path("events"))).hasSizeGreaterThanOrEqualTo(4);

        JsonNode byText = ok("/v1/events?text=" + encode("CHERRY"));
        assertThat(list(byText.path("events"))).singleElement()
                .satisfies(e -> assertThat(e.path("sequence").asLong()).isEqualTo(3));

        JsonNode byAggregateType = ok("/v1/events?aggregateType=Cart&size=50");
        assertThat(list(byAggregateType.path("events"))).hasSizeGreaterThanOrEqualTo(6);

        Instant created = Instant.parse(list(ok("/v1/events?aggregateId=" + ShopFixture.KNOWN_CART + "&size=10")
                                                     .path("events")).getLast().path("timestamp").asText());
        JsonNode inRange = ok("/v1/events?size=200&from=" + created + "&to=" + created.plusMillis(1));
        assertThat(list(inRange.path("events"))).isNotEmpty()
                .allSatisfy(e -> assertThat(Instant.parse(e.path("timestamp").asText())).isEqualTo(created));
        JsonNode future = ok("/v1/events?from=" + Instant.now().plus(Duration.ofDays(1)));
        assertThat(list(future.path("events"))).isEmpty();
    }

    @Test
    void afterReturnsOnlyNewerEventsForTheLiveTail() {
        JsonNode before = ok("/v1/events?size=1");
        long head = before.path("head").asLong();
        fixture.shop.getBean(org.axonframework.commandhandling.gateway.CommandGateway.class)
                    .sendAndWait(new CreateCart("cart-tail", "tailer"));
        JsonNode tail = ok("/v1/events?after=" + head);
        assertThat(list(tail.path("events"))).singleElement()
                .satisfies(e -> assertThat(e.path("aggregateIdentifier").asText()).isEqualTo("cart-tail"));
    }

    @Test
    void eventDetailHasPayloadMetadataAndOrigin() {
        JsonNode latest = list(ok("/v1/events?aggregateId=" + ShopFixture.KNOWN_CART + "&size=1")
                                       .path("events")).getFirst();
        JsonNode event = ok("/v1/events/" + latest.path("token").asLong());
        assertThat(event.path("token").asLong()).isEqualTo(latest.path("token").asLong());
        assertThat(event.path("aggregateIdentifier").asText()).isEqualTo(ShopFixture.KNOWN_CART);
        assertThat(event.path("aggregateType").asText()).isEqualTo("Cart");
        assertThat(event.path("sequence").asLong()).isEqualTo(4);
        assertThat(event.path("messageIdentifier").asText()).isNotBlank();
        // pretty-printed JSON
        assertThat(event.path("payload").asText()).contains("{\n").contains("\"itemCount\" : 4");
        // Axon puts the command's id in correlationId and the first message's id in traceId
        assertThat(event.path("metadata").has("traceId")).isTrue();
        assertThat(event.path("correlationId").asText()).isEqualTo(event.path("metadata").path("traceId").asText());
        assertThat(event.path("causationId").asText())
                .isEqualTo(event.path("metadata").path("correlationId").asText()).isNotBlank();
    }

    @Test
    void aggregateShowsTheWholeStreamWithSnapshots() {
        JsonNode aggregate = ok("/v1/aggregates/" + ShopFixture.KNOWN_CART);
        assertThat(aggregate.path("aggregateType").asText()).isEqualTo("Cart");
        assertThat(aggregate.path("highestSequence").asLong()).isEqualTo(4);
        assertThat(aggregate.path("truncated").asBoolean()).isFalse();
        List<JsonNode> events = list(aggregate.path("events"));
        assertThat(events).extracting(e -> e.path("sequence").asLong()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(events).extracting(e -> e.path("token").asLong()).isSorted();
        List<String> items = new ArrayList<>();
        events.stream().skip(1).forEach(e -> items.add(
                e.path("payload").asText().replaceAll("(?s).*\"item\" : \"([a-z]+)\".*", "$1")));
        assertThat(items).isEqualTo(ShopFixture.KNOWN_ITEMS);
        assertThat(list(aggregate.path("snapshots"))).isNotEmpty()
                .allSatisfy(s -> assertThat(s.path("sequence").asLong()).isBetween(0L, 4L));
    }

    @Test
    void scriptInPayloadsIsReturnedAsPlainText() {
        JsonNode event = list(ok("/v1/events?aggregateId=" + ShopFixture.XSS_CART).path("events")).getFirst();
        // JSON carries the text as it is; the pages put it into the document as text (see DashboardBrowserIT)
        assertThat(event.path("payload").asText()).contains(ShopFixture.XSS_OWNER);
    }

    @Test
    void badInputIsAnsweredWithProblems() {
        assertProblem(http.get("/v1/aggregates/no-such-aggregate"), 404, "no-such-aggregate");
        assertProblem(http.get("/v1/events/99999999"), 404, "no event with token 99999999");
        assertProblem(http.get("/v1/events/-1"), 400, "token");
        assertProblem(http.get("/v1/events/abc"), 400, "token");
        assertProblem(http.get("/v1/events?size=100000"), 400, "size must be between 1 and 200");
        assertProblem(http.get("/v1/events?size=0"), 400, "size");
        assertProblem(http.get("/v1/events?from=yesterday"), 400, "from must be an ISO-8601 instant");
        assertProblem(http.get("/v1/events?to=2025-13-45T99:00:00Z"), 400, "to must be an ISO-8601 instant");
        assertProblem(http.get("/v1/events?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z"), 400,
                      "must be before");
        assertProblem(http.get("/v1/events?before=-3"), 400, "before");
        assertProblem(http.get("/v1/events?before=x"), 400, "before");
    }

    @Test
    void messagesShowHandlersThroughputAndLatency() {
        JsonNode messages = ok("/v1/messages");
        JsonNode create = list(messages.path("commands")).stream()
                .filter(m -> m.path("name").asText().equals(CreateCart.class.getName())).findFirst().orElseThrow();
        assertThat(list(create.path("handlers")).stream().map(JsonNode::asText)).contains(ShopFixture.CLIENT_ID);
        assertThat(create.path("count").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(create.path("errors").asLong()).isZero();
        assertThat(create.path("p50Millis").asDouble()).isPositive();
        assertThat(create.path("p99Millis").asDouble()).isGreaterThanOrEqualTo(create.path("p50Millis").asDouble());
        assertThat(create.path("perSecondLastMinute").asDouble()).isPositive();
        JsonNode add = list(messages.path("commands")).stream()
                .filter(m -> m.path("name").asText().equals(AddItem.class.getName())).findFirst().orElseThrow();
        assertThat(add.path("count").asLong()).isGreaterThanOrEqualTo(ShopFixture.KNOWN_ITEMS.size());
        JsonNode query = list(messages.path("queries")).stream()
                .filter(m -> m.path("name").asText().equals(CartItemsQuery.class.getName())).findFirst()
                .orElseThrow();
        assertThat(query.path("count").asLong()).isPositive();
        assertThat(list(query.path("handlers")).stream().map(JsonNode::asText)).contains(ShopFixture.CLIENT_ID);
    }

    private static JsonNode processor() {
        return fixture.processor();
    }

    private static String action(String action, Integer segment) {
        return "/v1/processors/" + ShopApp.PROCESSOR + "/" + action + "?clientId=" + ShopFixture.CLIENT_ID
                + (segment == null ? "" : "&segment=" + segment);
    }

    @Test
    void processorsShowSegmentsAndFollowActions() {
        JsonNode processor = processor();
        assertThat(processor.path("mode").asText()).containsIgnoringCase("pooled");
        assertThat(processor.path("streaming").asBoolean()).isTrue();
        assertThat(list(processor.path("segments"))).hasSize(2).allSatisfy(s -> {
            assertThat(s.path("claimedBy").asText()).isEqualTo(ShopFixture.CLIENT_ID);
            assertThat(s.path("onePartOf").asInt()).isEqualTo(2);
            assertThat(s.path("lag").asLong()).isGreaterThanOrEqualTo(0);
        });

        Http.Response paused = http.post(action("pause", null));
        assertThat(paused.status()).as(paused.body()).isEqualTo(200);
        assertThat(paused.json().path("success").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> !processor().path("running").asBoolean());
        assertThat(http.post(action("start", null)).json().path("success").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> processor().path("running").asBoolean()
                && processor().path("segments").size() == 2);

        assertThat(http.post(action("split", 0)).json().path("success").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> processor().path("segments").size() == 3);
        Set<Integer> parts = new HashSet<>();
        processor().path("segments").forEach(s -> parts.add(s.path("onePartOf").asInt()));
        assertThat(parts).containsExactlyInAnyOrder(2, 4);
        assertThat(http.post(action("merge", 0)).json().path("success").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> processor().path("segments").size() == 2);
    }

    @Test
    void badProcessorActionsAreRefused() {
        assertProblem(http.post(action("split", null)), 400, "segment");
        assertProblem(http.post(action("explode", null)), 404, "unknown action");
        assertProblem(http.post("/v1/processors/" + ShopApp.PROCESSOR + "/pause?clientId=nobody"), 404, "nobody");
        assertProblem(http.post("/v1/processors/no-such-processor/pause?clientId=" + ShopFixture.CLIENT_ID), 404,
                      "no-such-processor");
        assertProblem(http.post("/v1/processors/" + ShopApp.PROCESSOR + "/pause"), 400, "clientId");
    }
}
