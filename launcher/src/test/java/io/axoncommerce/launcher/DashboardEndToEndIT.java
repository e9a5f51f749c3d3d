package io.axoncommerce.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.util.FileSystemUtils;

/**
 * The dashboard's views of dead letters and replay progress on the whole system as the launcher starts it: the
 * dashboard (our Axon Server) relays to query-side's and the Kafka bridge's admin APIs with the token the launcher
 * gave it. A poison event is made as query-side's DeadLetterIT makes one (a read model document the projection cannot
 * read), parked, seen, retried and evicted through the dashboard's API only; a replay is watched there while it runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardEndToEndIT {

    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final String INVENTORY = "inventory-projection";
    private static final String QUERY_SIDE = "query-side";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dataDir;
    private AxonCommerceSystem system;
    private Api api;
    private MongoClient mongo;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void startSystem() throws IOException {
        dataDir = Files.createTempDirectory("axon-commerce-dashboard-e2e");
        Path home = Path.of(System.getProperty("axon-commerce.home", "..")).toAbsolutePath().normalize();
        LauncherSettings settings = LauncherSettings.forTests(home, dataDir);
        long start = System.nanoTime();
        system = AxonCommerceSystem.start(settings);
        System.out.printf("[dashboard-e2e] system started in %d s, topology %s%n",
                Duration.ofNanos(System.nanoTime() - start).toSeconds(), settings.topology().option());
        api = new Api(system.gatewayUrl());
        mongo = MongoClients.create(system.mongoConnectionString());
    }

    @AfterAll
    void stopSystem() throws IOException {
        if (mongo != null) {
            mongo.close();
        }
        if (system != null) {
            system.close();
        }
        if (dataDir != null) {
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    @Test
    @Order(1)
    void theDashboardKnowsWhichProcessorsTheServicesAdminApisCover() {
        JsonNode inventory = awaitProcessor(INVENTORY, QUERY_SIDE);
        assertThat(inventory.path("adminApi").path("replay").asBoolean()).as(inventory.toString()).isTrue();
        assertThat(inventory.path("adminApi").path("deadLetters").asBoolean()).isTrue();
        JsonNode bridge = awaitProcessor("kafka-bridge", "kafka-bridge");
        assertThat(bridge.path("adminApi").path("replay").asBoolean()).as(bridge.toString()).isFalse();
        assertThat(bridge.path("adminApi").path("deadLetters").asBoolean()).isTrue();
        // the bridge's own dead-letter API answers through the dashboard, with the launcher's token
        Response bridgeLetters = dashboard("GET", "/v1/processors/kafka-bridge/dead-letters?component=kafka-bridge");
        assertThat(bridgeLetters.status()).as(bridgeLetters.body()).isEqualTo(200);
        assertThat(bridgeLetters.json().path("letters").asLong()).isZero();
        // the saga's processors have no admin API: the page says so
        JsonNode saga = StreamSupport.stream(processors().spliterator(), false)
                .filter(p -> p.path("component").asText().equals("saga")).findFirst().orElseThrow();
        assertThat(saga.path("adminApi").isNull()).as(saga.toString()).isTrue();
    }

    @Test
    @Order(2)
    void aPoisonEventIsParkedSeenRetriedAndEvictedThroughTheDashboard() {
        String product = createProduct("Dashboard poison " + run, 5);
        awaitInventory(product, 5);
        spoilInventory(product);
        api.ok(api.post("/api/products/" + product + "/stock", "{\"quantity\":3}"), "stock");

        // parked: its sequence (the product's Inventory aggregate) waits, with the event, the error and one attempt
        JsonNode letter = awaitSequence(product).path("letters").get(0);
        assertThat(letter.path("eventType").asText()).endsWith("StockAddedEvent");
        assertThat(letter.path("aggregateId").asText()).isEqualTo(inventoryOf(product));
        assertThat(letter.path("error").asText()).isNotBlank();
        assertThat(letter.path("attempts").asLong()).isEqualTo(1);
        assertThat(letter.path("event").path("productId").asText()).isEqualTo(product);
        // the other products go on
        String healthy = createProduct("Dashboard healthy " + run, 4);
        awaitInventory(healthy, 4);

        // retried through the dashboard before the fix: it fails again and stays parked, one attempt more
        Response unfixed = dashboard("POST", deadLetters("/retry"));
        assertThat(unfixed.status()).as(unfixed.body()).isEqualTo(200);
        assertThat(unfixed.json().path("processed").asInt()).isZero();
        assertThat(awaitSequence(product).path("letters").get(0).path("attempts").asLong()).isEqualTo(2);

        // fixed, then that sequence retried: applied, and no longer listed
        repairInventory(product, 5);
        String messageId = letter.path("messageId").asText();
        Response fixed = dashboard("POST", deadLetters("/" + messageId + "/retry"));
        assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
        assertThat(fixed.json().path("processed").asInt()).isOne();
        awaitInventory(product, 8);
        assertThat(sequences()).doesNotContain(inventoryOf(product));

        // parked again and evicted: dropped without being applied, and gone
        spoilInventory(product);
        api.ok(api.post("/api/products/" + product + "/stock", "{\"quantity\":2}"), "stock");
        String evicted = awaitSequence(product).path("letters").get(0).path("messageId").asText();
        Response evict = dashboard("DELETE", deadLetters("/" + evicted));
        assertThat(evict.status()).as(evict.body()).isEqualTo(204);
        assertThat(sequences()).doesNotContain(inventoryOf(product));
        assertThat(inventoryDocument(product).get("available")).as("never applied").isEqualTo("spoilt");
        Response again = dashboard("POST", deadLetters("/" + evicted + "/retry"));
        assertThat(again.status()).as(again.body()).isEqualTo(404);
        assertThat(again.json().path("detail").asText()).contains(evicted);
        // the next event of the product is applied again (its stock is absolute: 5 + 3 + 2 + 1)
        repairInventory(product, 8);
        api.ok(api.post("/api/products/" + product + "/stock", "{\"quantity\":1}"), "stock");
        awaitInventory(product, 11);
    }

    /**
     * The replay has to be caught in the middle, however fast this machine replays: a replay over too few events is
     * over between two looks, so the store grows and the replay starts again until the dashboard was seen mid-way.
     */
    @Test
    @Order(3)
    void aReplaysPercentAndEtaShowOnTheDashboardWhileItRuns() throws Exception {
        List<String> products = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            products.add(createProduct("Dashboard replay " + run + " " + i, 1));
        }
        String replay = "/v1/processors/" + INVENTORY + "/replay?component=" + QUERY_SIDE;
        JsonNode midway = null;
        List<String> seen = new ArrayList<>();
        for (int round = 0; round < 4 && midway == null; round++) {
            addStock(products, 150 << round);
            api.awaitCaughtUp(INVENTORY, SETTLE);
            api.ok(api.post("/api/admin/processors/" + INVENTORY + "/replay", ""), "replay");
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (System.nanoTime() < deadline) {
                Response response = dashboard("GET", replay);
                assertThat(response.status()).as(response.body()).isEqualTo(200);
                JsonNode status = response.json();
                if (!status.path("replaying").asBoolean()) {
                    break;
                }
                seen.add(status.path("progressPercent").asText() + "% eta " + status.path("etaSeconds").asText());
                double percent = status.path("progressPercent").asDouble();
                if (percent > 0 && percent < 100 && status.path("etaSeconds").isNumber()) {
                    midway = status;
                    break;
                }
            }
            api.awaitCaughtUp(INVENTORY, SETTLE);
        }
        assertThat(midway).as("a replay seen mid-way on the dashboard; seen: %s", seen).isNotNull();
        System.out.printf("[dashboard-e2e] mid-replay on the dashboard: %s%n", midway);
        assertThat(midway.path("etaSeconds").asLong()).isNotNegative();
        assertThat(midway.path("toPosition").asLong()).isGreaterThan(midway.path("fromPosition").asLong());
        assertThat(midway.path("startedAt").isTextual()).isTrue();
        // and after it: done, not replaying
        JsonNode after = dashboard("GET", replay).json();
        assertThat(after.path("replaying").asBoolean()).as(after.toString()).isFalse();
        assertThat(after.path("progressPercent").asDouble()).isEqualTo(100.0);
    }

    private void addStock(List<String> products, int perProduct) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(products.size())) {
            List<Future<?>> done = new ArrayList<>();
            for (String product : products) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perProduct; i++) {
                        api.ok(api.post("/api/products/" + product + "/stock", "{\"quantity\":1}"), "stock");
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
    }

    private String createProduct(String name, int stock) {
        JsonNode created = api.ok(api.post("/api/products", """
                {"name":"%s","category":"home","price":{"amount":4.00,"currency":"EUR"}}""".formatted(name)),
                "create " + name);
        String id = created.path("productId").asText();
        api.ok(api.post("/api/products/" + id + "/stock", "{\"quantity\":" + stock + "}"), "stock");
        return id;
    }

    private void awaitInventory(String product, int available) {
        api.await("/api/inventory/" + product, i -> i.path("available").asInt() == available, SETTLE);
    }

    // the projection reads the document before applying an event: a value it cannot read makes the event fail

    private void spoilInventory(String product) {
        inventory().updateOne(Filters.eq("_id", product), Updates.set("available", "spoilt"));
    }

    private void repairInventory(String product, int available) {
        inventory().updateOne(Filters.eq("_id", product), Updates.set("available", available));
    }

    private Document inventoryDocument(String product) {
        return inventory().find(Filters.eq("_id", product)).first();
    }

    /** The inventory read model's live collection, as its pointer names it (its own name before any rebuild). */
    private MongoCollection<Document> inventory() {
        var database = mongo.getDatabase("axoncommerce_query");
        Document pointer = database.getCollection("read_model_collections").find(Filters.eq("_id", "inventory"))
                .first();
        String live = pointer != null && pointer.getString("live") != null ? pointer.getString("live") : "inventory";
        return database.getCollection(live);
    }

    private String deadLetters(String suffix) {
        return "/v1/processors/" + INVENTORY + "/dead-letters" + suffix + "?component=" + QUERY_SIDE;
    }

    private List<String> sequences() {
        Response response = dashboard("GET", deadLetters(""));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("sequences").findValuesAsText("sequence");
    }

    /** The id of a product's Inventory aggregate, whose events are one sequence. */
    private static String inventoryOf(String product) {
        return "inventory-" + product;
    }

    private JsonNode awaitSequence(String product) {
        JsonNode listed = awaitDashboard(deadLetters(""), d -> d.path("sequences").findValuesAsText("sequence")
                .contains(inventoryOf(product)));
        for (JsonNode sequence : listed.path("sequences")) {
            if (sequence.path("sequence").asText().equals(inventoryOf(product))) {
                return sequence;
            }
        }
        throw new AssertionError("unreachable");
    }

    private JsonNode processors() {
        Response response = dashboard("GET", "/v1/processors");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private JsonNode awaitProcessor(String processor, String component) {
        JsonNode all = awaitDashboard("/v1/processors", list -> StreamSupport.stream(list.spliterator(), false)
                .anyMatch(p -> p.path("processor").asText().equals(processor)
                        && p.path("component").asText().equals(component)));
        return StreamSupport.stream(all.spliterator(), false)
                .filter(p -> p.path("processor").asText().equals(processor)).findFirst().orElseThrow();
    }

    private JsonNode awaitDashboard(String path, Predicate<JsonNode> until) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = dashboard("GET", path);
            if (last.status() == 200 && until.test(last.json())) {
                return last.json();
            }
            Api.sleep(200);
        }
        throw new AssertionError("GET " + path + " on the dashboard did not reach the expected state; last answer "
                + (last == null ? "none" : last.status() + " " + last.body()));
    }

    record Response(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("Not JSON (" + status + "): " + body, e);
            }
        }
    }

    /** The dashboard as its pages call it: no token (it serves this machine without a login), same-origin. */
    private Response dashboard(String method, String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(system.dashboardUrl() + path))
                    .timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
