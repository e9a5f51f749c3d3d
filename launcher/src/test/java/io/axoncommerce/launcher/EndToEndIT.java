package io.axoncommerce.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.util.FileSystemUtils;

/**
 * The acceptance scenarios of the whole system, started once the way the launcher starts it (same code, free ports,
 * a temporary data directory) and driven only through the gateway's HTTP API (plus a Kafka consumer for the
 * published events).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final Set<String> FINAL = Set.of("CONFIRMED", "CANCELLED");

    private Path dataDir;
    private AxonCommerceSystem system;
    private Api api;
    /** Every order placed, with the status it ended in: checked again after the restart. */
    private final Map<String, String> finalStatuses = new ConcurrentHashMap<>();
    private final Map<String, Integer> expectedAvailable = new ConcurrentHashMap<>();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void startSystem() throws Exception {
        dataDir = Files.createTempDirectory("axon-commerce-e2e");
        Path home = Path.of(System.getProperty("axon-commerce.home", "..")).toAbsolutePath().normalize();
        LauncherSettings settings = LauncherSettings.forTests(home, dataDir)
                // a short breaker wait, so scenario 4 sees it close again within the test
                .withServiceArg(Services.PAYMENT_ADAPTER,
                        "resilience4j.circuitbreaker.instances.payment-provider.wait-duration-in-open-state", "20s")
                // scenario 8 stops the system with a payment in flight: if it cannot be paid after the restart, the
                // payment deadline has to compensate within the test's patience; long enough for scenario 4's
                // orders to be paid once the breaker closes again
                .withServiceArg(Services.SAGA, "saga.order-fulfilment.payment-timeout", "60s");
        long start = System.nanoTime();
        system = AxonCommerceSystem.start(settings);
        System.out.printf("[e2e] system started in %d s, topology %s%n",
                Duration.ofNanos(System.nanoTime() - start).toSeconds(), settings.topology().option());
        api = new Api(system.gatewayUrl());
    }

    @AfterAll
    void stopSystem() throws Exception {
        if (system != null) {
            system.close();
        }
        if (dataDir != null) {
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    /**
     * Every socket the system listens on (this JVM hosts Mongo, Kafka and GreenMail; the rest are children) is bound
     * to loopback, and from a second host on the same network (a network namespace over a veth pair) none answers.
     * A listener on every interface, opened here, shows the probe would see one.
     */
    @Test
    @Order(0)
    void nothingIsReachableBeyondLoopback() throws Exception {
        List<Long> pids = new ArrayList<>(system.childPids());
        pids.add(ProcessHandle.current().pid());
        List<ListeningSockets.Listener> listeners = ListeningSockets.of(pids);
        System.out.printf("[e2e] %d listening sockets in %d processes: %s%n", listeners.size(), pids.size(), listeners);
        assertThat(listeners).extracting(ListeningSockets.Listener::port)
                .as("the ports the launcher gave out are among them")
                .contains(system.settings().port("gateway.port"), system.settings().port("axonserver.grpc-port"),
                        system.settings().port("axonserver.http-port"), system.settings().port("kafka.port"));
        assertThat(listeners).as("bound beyond loopback").allMatch(ListeningSockets.Listener::loopback);

        boolean ci = "true".equals(System.getenv("CI"));
        if (!NetworkNamespaceProbe.possible()) {
            if (ci) {
                throw new IllegalStateException("CI runs as root with iproute2: the namespace probe must run");
            }
            System.out.println("[e2e] not root, or no ip netns: the probe from a second host is skipped");
            return;
        }
        try (NetworkNamespaceProbe probe = NetworkNamespaceProbe.create();
             java.net.ServerSocket control = new java.net.ServerSocket(0)) {
            Set<Integer> ports = new java.util.TreeSet<>();
            listeners.forEach(l -> ports.add(l.port()));
            ports.add(control.getLocalPort());
            List<Integer> reachable = probe.reachablePorts(ports);
            System.out.printf("[e2e] from a second host, %s:%s answered on %s%n", probe.hostAddress(), ports, reachable);
            assertThat(reachable).as("the probe reaches a socket bound to every interface")
                    .contains(control.getLocalPort());
            assertThat(reachable).as("ports of the system reachable from another host")
                    .containsExactly(control.getLocalPort());
        }
    }

    @Test
    @Order(1)
    void threeLineOrderIsConfirmedAndVisibleEverywhere() throws Exception {
        String mug = createProduct("Enamel mug " + run, "kitchen", "12.50", 20);
        String kettle = createProduct("Copper kettle " + run, "kitchen", "49.00", 5);
        String towel = createProduct("Linen towel " + run, "kitchen", "8.90", 30);

        String orderId = placeOrder("alice-" + run, "tok_visa", Map.of(mug, 2, kettle, 1, towel, 3));
        // watch it confirm as alice: the SSE stream through the gateway ends at the final status
        String alice = api.token("alice-" + run, "customer");
        String updates = api.stream("/api/orders/" + orderId + "/updates", alice, SETTLE);
        assertThat(updates).startsWith("200").contains("CONFIRMED");

        JsonNode order = awaitFinal(orderId);
        assertThat(order.path("status").asText()).isEqualTo("CONFIRMED");
        assertThat(order.path("total").path("amount").decimalValue()).isEqualByComparingTo("100.70");
        assertThat(order.path("lines")).hasSize(3);
        // security on: alice reads her order; anonymous callers and other customers cannot read or cancel it
        String mallory = api.token("mallory-" + run, "customer");
        assertThat(api.get("/api/orders/" + orderId, alice).status()).isEqualTo(200);
        assertThat(api.get("/api/orders/" + orderId, null).status()).isEqualTo(401);
        assertThat(api.get("/api/orders/" + orderId, mallory).status()).isEqualTo(403);
        assertThat(api.post("/api/orders/" + orderId + "/cancel", "", mallory).status()).isEqualTo(403);
        assertThat(api.get("/api/notifications?customerId=alice-" + run, mallory).status()).isEqualTo(403);
        assertThat(api.post("/api/products", "{}", alice).status()).isEqualTo(403);

        awaitInventory(mug, 18);
        awaitInventory(kettle, 4);
        awaitInventory(towel, 27);
        // search shows the availability after the order, and ranks the product named in the query first
        Map<String, Integer> availableAfter = Map.of(mug, 18, kettle, 4, towel, 27);
        JsonNode hits = api.await("/api/products?q=kettle+" + run, r -> {
            Map<String, Integer> shown = new HashMap<>();
            r.path("items").forEach(item -> shown.put(item.path("productId").asText(), item.path("available").asInt()));
            return shown.equals(availableAfter);
        }, SETTLE);
        assertThat(hits.path("items").get(0).path("productId").asText()).isEqualTo(kettle);

        List<String> orderEventTypes = awaitKafkaTypes("axon-commerce.orders", orderId, "OrderConfirmedEvent");
        assertThat(String.join(",", orderEventTypes)).contains("OrderPlacedEvent").contains("OrderConfirmedEvent");

        // the customer got one e-mail: in the SMTP server, and in the notification history behind the gateway
        String address = "alice-" + run + "@customers.axon-commerce.local";
        JsonNode history = api.await("/api/notifications?customerId=alice-" + run,
                n -> n.path("content").findValuesAsText("channel").stream().anyMatch(c -> c.equalsIgnoreCase("EMAIL")),
                SETTLE);
        assertThat(history.path("content").findValuesAsText("orderId")).contains(orderId);
        List<MimeMessage> mails = mailTo(address);
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).contains(orderId).containsIgnoringCase("confirmed");
    }

    private List<MimeMessage> mailTo(String address) throws MessagingException {
        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage message : system.receivedMail()) {
            for (var recipient : message.getAllRecipients()) {
                if (recipient.toString().contains(address)) {
                    mails.add(message);
                }
            }
        }
        return mails;
    }

    @Test
    @Order(2)
    void aLineBeyondStockCancelsTheOrderAndReleasesEverything() {
        String plenty = createProduct("Oak board " + run, "kitchen", "30.00", 10);
        String scarce = createProduct("Stone bowl " + run, "kitchen", "22.00", 2);

        String orderId = placeOrder("bob-" + run, "tok_visa", Map.of(plenty, 1, scarce, 5));
        JsonNode order = awaitFinal(orderId);
        assertThat(order.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(order.path("cancellationReason").asText()).isEqualTo("OUT_OF_STOCK");
        awaitInventory(plenty, 10);
        awaitInventory(scarce, 2);
    }

    @Test
    @Order(3)
    void aDeclinedPaymentCancelsTheOrderAndReleasesStock() {
        String lamp = createProduct("Desk lamp " + run, "home", "35.00", 4);
        String orderId = placeOrder("carol-" + run, "tok_decline", Map.of(lamp, 2));
        JsonNode order = awaitFinal(orderId);
        assertThat(order.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(order.path("cancellationReason").asText()).isEqualTo("PAYMENT_DECLINED");
        awaitInventory(lamp, 4);
    }

    /**
     * An unavailable provider is no decline: the breaker opens, the orders wait with their stock held and show
     * AWAITING_PAYMENT, and once the provider is back (and the breaker's shortened wait has passed) the payment
     * adapter's retries pay them and they are confirmed. Cancelling at the payment deadline is the saga's tests' part.
     */
    @Test
    @Order(4)
    void duringAProviderOutageOrdersWaitForPaymentAndAreConfirmedAfterIt() {
        String chair = createProduct("Folding chair " + run, "home", "45.00", 100);
        api.ok(api.put("/simulator/payments/admin/outage", "{\"mode\":\"UNAVAILABLE\"}"), "outage on");
        List<String> waiting = new ArrayList<>();
        try {
            // three attempts per payment: five failed attempts open the breaker during the second payment
            for (int i = 0; i < 2; i++) {
                String orderId = placeOrder("dave-" + run, "tok_visa", Map.of(chair, 1));
                waiting.add(orderId);
                JsonNode order = api.await("/api/orders/" + orderId,
                        o -> o.path("status").asText().equals("AWAITING_PAYMENT"), SETTLE);
                assertThat(order.path("history").toString()).contains("AWAITING_PAYMENT");
            }
            api.await("/api/inventory/" + chair, i -> i.path("reserved").asInt() == 2, SETTLE);
            JsonNode health = api.ok(api.get("/services/payment-adapter/actuator/health"), "payment health");
            assertThat(health.at("/components/circuitBreakers/details/payment-provider/details/state").asText())
                    .isEqualTo("OPEN");
            String metrics = api.get("/services/payment-adapter/actuator/prometheus").body();
            assertThat(metrics).containsPattern(
                    "resilience4j_circuitbreaker_state\\{[^}]*name=\"payment-provider\"[^}]*state=\"open\"[^}]*} 1\\.0");
        } finally {
            api.ok(api.put("/simulator/payments/admin/outage", "{\"mode\":\"NONE\"}"), "outage off");
        }
        for (String orderId : waiting) {
            assertThat(awaitFinal(orderId).path("status").asText()).as(orderId).isEqualTo("CONFIRMED");
        }
        awaitInventory(chair, 98);
        assertThat(api.get("/services/payment-adapter/actuator/health").json()
                .at("/components/circuitBreakers/details/payment-provider/details/state").asText())
                .isIn("CLOSED", "HALF_OPEN");
    }

    @Test
    @Order(5)
    void twoHundredConcurrentOrdersForStockOfOneHundredFifty() throws Exception {
        String product = createProduct("Limited print " + run, "art", "15.00", 150);
        AtomicBoolean placing = new AtomicBoolean(true);
        AtomicInteger lowest = new AtomicInteger(Integer.MAX_VALUE);
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (placing.get()) {
                Api.Response r = api.get("/api/inventory/" + product);
                if (r.status() == 200) {
                    lowest.accumulateAndGet(r.json().path("available").asInt(), Math::min);
                }
                Api.sleep(50);
            }
        });
        List<String> orderIds;
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            List<Future<String>> placed = IntStream.range(0, 200)
                    .mapToObj(i -> pool.submit(() -> placeOrder("crowd-" + i + "-" + run, "tok_visa", Map.of(product, 1))))
                    .toList();
            orderIds = new ArrayList<>();
            for (Future<String> f : placed) {
                orderIds.add(f.get());
            }
        }
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        for (String id : orderIds) {
            JsonNode order = awaitFinal(id);
            String outcome = order.path("status").asText() + " " + order.path("cancellationReason").asText("");
            outcomes.merge(outcome.trim(), 1, Integer::sum);
        }
        placing.set(false);
        watcher.join();
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("CONFIRMED", 150, "CANCELLED OUT_OF_STOCK", 50));
        JsonNode inventory = api.await("/api/inventory/" + product, r -> r.path("reserved").asInt() == 0, SETTLE);
        assertThat(inventory.path("available").asInt()).isZero();
        assertThat(lowest.get()).as("lowest available stock seen while orders were placed")
                .isNotEqualTo(Integer.MAX_VALUE).isGreaterThanOrEqualTo(0);
        expectedAvailable.put(product, 0);
    }

    @Test
    @Order(6)
    void replayingAllProjectionsWhileOrdersFlowRebuildsTheSameReadModels() throws Exception {
        String product = createProduct("Replay candle " + run, "home", "6.00", 1000);
        List<String> names = List.of("orders-projection", "inventory-projection", "product-search-projection");
        AtomicBoolean flowing = new AtomicBoolean(true);
        List<String> searchErrors = Collections.synchronizedList(new ArrayList<>());
        List<String> flowOrders = Collections.synchronizedList(new ArrayList<>());
        Thread orders = Thread.ofVirtual().start(() -> {
            while (flowing.get()) {
                flowOrders.add(placeOrder("flow-" + run, "tok_visa", Map.of(product, 1)));
                Api.sleep(100);
            }
        });
        Thread searches = Thread.ofVirtual().start(() -> {
            while (flowing.get()) {
                try {
                    Api.Response r = api.get("/api/products?q=candle+" + run, null); // anonymous, as shoppers search
                    if (r.status() != 200) {
                        searchErrors.add(r.status() + " " + r.body());
                    }
                } catch (RuntimeException e) {
                    searchErrors.add(e.toString()); // a refused connection is an error of search too
                }
                Api.sleep(50);
            }
        });
        try {
            for (String name : names) {
                api.ok(api.post("/api/admin/processors/" + name + "/replay", ""), "replay " + name);
            }
            for (String name : names) {
                api.awaitCaughtUp(name, SETTLE);
            }
        } finally {
            flowing.set(false);
            orders.join();
            searches.join();
        }
        assertThat(searchErrors).isEmpty();
        assertThat(flowOrders).isNotEmpty();
        flowOrders.forEach(this::awaitFinal);
        for (String name : names) {
            api.awaitCaughtUp(name, SETTLE);
        }
        // stock is committed after the confirmation: wait until nothing is reserved any more
        int left = api.await("/api/inventory/" + product, i -> i.path("reserved").asInt() == 0, SETTLE)
                .path("available").asInt();
        awaitInventory(product, left);
        api.await("/api/products/" + product, p -> p.path("available").asInt() == left, SETTLE);
        Map<String, String> afterLiveReplay = readModels();

        // a fresh rebuild with nothing else going on must give the same documents
        for (String name : names) {
            api.ok(api.post("/api/admin/processors/" + name + "/replay", ""), "replay " + name);
        }
        for (String name : names) {
            api.awaitCaughtUp(name, SETTLE);
        }
        assertThat(readModels()).isEqualTo(afterLiveReplay);
    }

    /**
     * kill -9 of the Elasticsearch node and, when the services run in JVMs of their own, of the saga: the supervisor
     * starts them again, the orders placed meanwhile are fulfilled, and search answers again with their stock. (In one
     * JVM a service cannot die alone: killing that JVM is the restart scenario of the launcher script.)
     */
    @Test
    @Order(7)
    void aKilledServiceIsStartedAgainAndFinishesWhatItMissed() {
        boolean processes = system.settings().topology() == LauncherSettings.Topology.PROCESSES;
        String lamp = createProduct("Brass lamp " + run, "home", "35.00", 10);
        awaitSearchShows(lamp, 10);
        long saga = system.pidOf(Services.SAGA);
        long elasticsearch = system.pidOf(AxonCommerceSystem.ELASTICSEARCH);
        if (processes) {
            assertThat(ProcessHandle.of(saga).orElseThrow().destroyForcibly()).isTrue(); // SIGKILL
        }
        assertThat(ProcessHandle.of(elasticsearch).orElseThrow().destroyForcibly()).isTrue();

        List<String> missed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            missed.add(placeOrder("frank-" + run, "tok_visa", Map.of(lamp, 2)));
        }
        missed.forEach(id -> assertThat(awaitFinal(id).path("status").asText()).as(id).isEqualTo("CONFIRMED"));
        if (processes) {
            assertThat(system.restarts(Services.SAGA)).isEqualTo(1);
            assertThat(system.pidOf(Services.SAGA)).isNotEqualTo(saga);
        }
        awaitInventory(lamp, 4);
        awaitSearchShows(lamp, 4);
        assertThat(system.restarts(AxonCommerceSystem.ELASTICSEARCH)).isEqualTo(1);
        assertThat(system.pidOf(AxonCommerceSystem.ELASTICSEARCH)).isNotEqualTo(elasticsearch);
    }

    @Test
    @Order(8)
    void everythingSurvivesACleanRestartAndAnOrderInFlightFinishes() throws Exception {
        String vase = createProduct("Glass vase " + run, "home", "19.00", 10);
        // the provider hangs, so the order is held between stock reservation and payment when the system stops
        api.ok(api.put("/simulator/payments/admin/outage", "{\"mode\":\"HANG\"}"), "provider hangs");
        String inFlight = placeOrder("erin-" + run, "tok_visa", Map.of(vase, 2));
        api.await("/api/orders/" + inFlight, o -> Set.of("STOCK_RESERVED", "AWAITING_PAYMENT")
                .contains(o.path("status").asText()), SETTLE);
        Map<String, String> before = readModels();
        LauncherSettings settings = system.settings();
        List<Long> pids = system.childPids();

        system.close();
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("process %d after the stop", pid).isFalse());
        system = AxonCommerceSystem.start(settings);
        api = new Api(system.gatewayUrl());

        // the simulator starts without an outage: the order is paid on a retry, or cancelled by its payment deadline
        JsonNode order = awaitFinal(inFlight);
        String status = order.path("status").asText();
        assertThat(status).isIn("CONFIRMED", "CANCELLED");
        if (status.equals("CANCELLED")) {
            assertThat(order.path("cancellationReason").asText()).isIn("TIMEOUT", "PAYMENT_UNAVAILABLE");
        }
        awaitInventory(vase, status.equals("CONFIRMED") ? 8 : 10);
        Map<String, String> after = readModels();
        before.forEach((key, value) -> {
            if (!key.equals("order " + inFlight) && !key.equals("inventory " + vase) && !key.equals("product " + vase)) {
                assertThat(after.get(key)).as(key).isEqualTo(value);
            }
        });
        finalStatuses.forEach((id, expected) ->
                assertThat(after.get("order " + id)).contains("\"status\":\"" + expected + "\""));
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private String createProduct(String name, String category, String price, int stock) {
        JsonNode created = api.ok(api.post("/api/products", """
                {"name":"%s","category":"%s","price":{"amount":%s,"currency":"EUR"}}""".formatted(name, category, price)),
                "create " + name);
        String id = created.path("productId").asText();
        JsonNode stocked = api.ok(api.post("/api/products/" + id + "/stock", "{\"quantity\":" + stock + "}"), "stock");
        assertThat(stocked.path("available").asInt()).isEqualTo(stock);
        expectedAvailable.put(id, stock);
        return id;
    }

    private String placeOrder(String customer, String paymentToken, Map<String, Integer> lines) {
        // the customer is the token's subject, never a field of the body
        StringBuilder json = new StringBuilder("{\"paymentToken\":\"" + paymentToken + "\",\"lines\":[");
        lines.forEach((product, quantity) -> json.append("{\"productId\":\"").append(product)
                .append("\",\"quantity\":").append(quantity).append("},"));
        json.setLength(json.length() - 1);
        json.append("]}");
        JsonNode placed = api.ok(api.post("/api/orders", json.toString(), api.token(customer, "customer")),
                "place order");
        assertThat(placed.path("status").asText()).isEqualTo("PLACED");
        return placed.path("orderId").asText();
    }

    /** Search for "brass lamp" finds the product with this availability. */
    private void awaitSearchShows(String productId, int available) {
        api.await("/api/products?q=brass+lamp+" + run, r -> {
            for (JsonNode item : r.path("items")) {
                if (item.path("productId").asText().equals(productId)) {
                    return item.path("available").asInt() == available;
                }
            }
            return false;
        }, SETTLE);
    }

    private JsonNode awaitFinal(String orderId) {
        JsonNode order = api.await("/api/orders/" + orderId, o -> FINAL.contains(o.path("status").asText()), SETTLE);
        finalStatuses.put(orderId, order.path("status").asText());
        return order;
    }

    private void awaitInventory(String productId, int available) {
        JsonNode inventory = api.await("/api/inventory/" + productId,
                i -> i.path("available").asInt() == available && i.path("reserved").asInt() == 0, SETTLE);
        assertThat(inventory.path("available").asInt()).isEqualTo(available);
        expectedAvailable.put(productId, available);
    }

    /** Every order, inventory and product this test knows of, as the query side answers them. */
    private Map<String, String> readModels() {
        Map<String, String> models = new LinkedHashMap<>();
        finalStatuses.keySet().stream().sorted().forEach(id -> models.put("order " + id, api.get("/api/orders/" + id).body()));
        expectedAvailable.keySet().stream().sorted().forEach(id -> {
            models.put("inventory " + id, api.get("/api/inventory/" + id).body());
            models.put("product " + id, api.get("/api/products/" + id).body());
        });
        return models;
    }

    private List<String> awaitKafkaTypes(String topic, String key, String untilType) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> types = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (System.nanoTime() < deadline && types.stream().noneMatch(t -> t.contains(untilType))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key()) && record.headers().lastHeader("ce_type") != null) {
                        types.add(new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return types;
    }
}
