package io.axoncommerce.launcher;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a shop owner checks after a bad day, from outside: the REST API, the payment provider's ledger, the event
 * store (through the dashboard's API), Kafka and the notification history. Each check either holds or names the
 * orders and products that break it.
 */
final class ShopInvariants {

    private static final Duration SETTLE = Duration.ofMinutes(2);
    /** How long the notification check waits at most while the projector keeps sending. */
    private static final Duration NOTIFICATIONS_CATCH_UP = Duration.ofMinutes(8);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient DASHBOARD = HttpClient.newHttpClient();
    private static final List<String> PROJECTIONS =
            List.of("orders-projection", "inventory-projection", "product-search-projection");
    private static final List<String> TOPICS = List.of("axon-commerce.orders", "axon-commerce.inventory",
            "axon-commerce.products");

    private final Api api;
    private final AxonCommerceSystem system;
    private final OrderLoad load;
    private final Map<String, Check> checks = new LinkedHashMap<>();
    private final Map<String, JsonNode> orders = new TreeMap<>();

    ShopInvariants(Api api, AxonCommerceSystem system, OrderLoad load) {
        this.api = api;
        this.system = system;
        this.load = load;
    }

    /**
     * One check's violations (empty when it held) and how long it took: the checks that wait (orders final,
     * notifications) show how long the system took to settle after the load.
     */
    record Check(List<String> found, long seconds) {
    }

    /** The figures and every check by name. */
    record Report(Map<String, Integer> figures, Map<String, Check> checks) {

        List<String> violations() {
            return checks.values().stream().flatMap(check -> check.found().stream()).toList();
        }

        String table(Map<String, Integer> kills) {
            StringBuilder table = new StringBuilder("\n[fault] ---------------------------------------------------\n");
            kills.forEach((victim, count) -> table.append(String.format("[fault] killed %-24s %6d%n", victim, count)));
            figures.forEach((name, value) -> table.append(String.format("[fault] %-31s %6d%n", name, value)));
            checks.forEach((name, check) -> {
                List<String> found = check.found();
                table.append(String.format("[fault] %-31s %6s %4d s%s%n", name, found.isEmpty() ? "ok" : "FAILED",
                        check.seconds(), found.isEmpty() ? "" : " " + found.subList(0, Math.min(5, found.size()))));
            });
            return table.append("[fault] ---------------------------------------------------").toString();
        }
    }

    Report check() {
        run("1 every order final", this::ordersFinal);
        run("2 stock conserved", this::stockConserved);
        Map<String, Integer> figures = new LinkedHashMap<>();
        run("3 money nets", () -> moneyNets(figures));
        run("4 one order per key", this::oneOrderPerKey);
        run("5 read models = replay", this::readModelsEqualAReplay);
        run("6 Kafka has every event", this::kafkaHasEveryEvent);
        run("6 one notification per outcome", this::oneNotificationPerOutcome);
        figures.put("orders accepted", orders.size());
        figures.put("orders confirmed", (int) orders.values().stream().filter(o -> status(o).equals("CONFIRMED")).count());
        figures.put("orders cancelled", (int) orders.values().stream().filter(o -> status(o).equals("CANCELLED")).count());
        return new Report(figures, checks);
    }

    private void run(String name, Supplier<List<String>> check) {
        long start = System.nanoTime();
        List<String> found;
        try {
            found = check.get();
        } catch (RuntimeException | AssertionError e) {
            found = List.of("check failed: " + e);
        }
        checks.put(name, new Check(found, Duration.ofNanos(System.nanoTime() - start).toSeconds()));
    }

    private static String status(JsonNode order) {
        return order.path("status").asText();
    }

    private List<String> ordersFinal() {
        List<String> found = new ArrayList<>(load.violations());
        long deadline = System.nanoTime() + SETTLE.toNanos();
        for (String orderId : new LinkedHashSet<>(load.orderOfKey().values())) {
            JsonNode order = null;
            // every order is read at least once: one stuck order used up the deadline, and every order after it was
            // then reported not final without being looked at
            do {
                Api.Response response = api.get("/api/orders/" + orderId);
                if (response.status() == 200 && Set.of("CONFIRMED", "CANCELLED").contains(status(response.json()))) {
                    order = response.json();
                    break;
                }
                Api.sleep(250);
            } while (System.nanoTime() < deadline);
            if (order == null) {
                found.add("order " + orderId + " not final: " + api.get("/api/orders/" + orderId).body());
            } else {
                orders.put(orderId, order);
            }
        }
        return found;
    }

    /** Initial = available + units in confirmed orders; nothing reserved (commits and releases follow the finals). */
    private List<String> stockConserved() {
        List<String> found = new ArrayList<>();
        long deadline = System.nanoTime() + SETTLE.toNanos();
        load.initialStock().forEach((productId, initial) -> {
            int sold = orders.values().stream().filter(o -> status(o).equals("CONFIRMED"))
                    .mapToInt(o -> OrderLoad.quantity(o, productId)).sum();
            JsonNode inventory = api.get("/api/inventory/" + productId).json();
            while (inventory.path("reserved").asInt() != 0 || inventory.path("available").asInt() != initial - sold) {
                if (System.nanoTime() > deadline) {
                    found.add("product " + productId + ": initial " + initial + ", sold " + sold + ", inventory "
                            + inventory);
                    return;
                }
                Api.sleep(500);
                inventory = api.get("/api/inventory/" + productId).json();
            }
        });
        return found;
    }

    /**
     * The provider's ledger: one charge at most per order, none without an order; a confirmed order's charge is its
     * total and stays; a cancelled order's charge is refunded exactly once; the ledger nets to the confirmed totals.
     */
    private List<String> moneyNets(Map<String, Integer> figures) {
        List<String> found = new ArrayList<>();
        JsonNode ledger = api.ok(api.get("/simulator/payments/admin/ledger"), "ledger");
        Map<String, List<JsonNode>> chargesByOrder = new HashMap<>();
        BigDecimal net = BigDecimal.ZERO;
        int refunds = 0;
        // a charge is refunded in full or not at all: the simulator keeps the refund's id with the charge
        for (JsonNode charge : ledger.path("charges")) {
            chargesByOrder.computeIfAbsent(charge.path("reference").asText(), k -> new ArrayList<>()).add(charge);
            net = net.add(charge.path("amount").decimalValue());
            if (refunded(charge)) {
                net = net.subtract(charge.path("amount").decimalValue());
                refunds++;
            }
        }
        figures.put("charges", ledger.path("charges").size());
        figures.put("refunds", refunds);
        chargesByOrder.forEach((orderId, charges) -> {
            if (!orders.containsKey(orderId)) {
                found.add("charge without an accepted order: " + orderId);
            }
            if (charges.size() > 1) {
                found.add("order " + orderId + " charged " + charges.size() + " times");
            }
        });
        BigDecimal confirmed = BigDecimal.ZERO;
        for (Map.Entry<String, JsonNode> entry : orders.entrySet()) {
            JsonNode order = entry.getValue();
            List<JsonNode> charges = chargesByOrder.getOrDefault(entry.getKey(), List.of());
            long refundCount = charges.stream().filter(ShopInvariants::refunded).count();
            if (status(order).equals("CONFIRMED")) {
                confirmed = confirmed.add(order.path("total").path("amount").decimalValue());
                if (charges.size() != 1 || refundCount != 0 || charges.getFirst().path("amount").decimalValue()
                        .compareTo(order.path("total").path("amount").decimalValue()) != 0) {
                    found.add("confirmed order " + entry.getKey() + " has charges " + charges);
                }
            } else if (!charges.isEmpty() && refundCount != 1) {
                found.add("cancelled order " + entry.getKey() + " charged and refunded " + refundCount + " times");
            }
        }
        if (net.compareTo(confirmed) != 0) {
            found.add("the ledger nets " + net + " but the confirmed orders total " + confirmed);
        }
        return found;
    }

    private static boolean refunded(JsonNode charge) {
        return charge.hasNonNull("refundId");
    }

    /** Per customer, as many orders in the read model as keys answered: a retried key placed nothing new. */
    private List<String> oneOrderPerKey() {
        List<String> found = new ArrayList<>();
        for (String customer : load.customers()) {
            long keys = load.orderOfKey().keySet().stream().filter(k -> k.startsWith(customer + "-order-")).count();
            JsonNode page = api.ok(api.get("/api/orders?customerId=" + customer + "&size=1"), "orders of " + customer);
            if (page.path("total").asLong() != keys) {
                found.add(customer + " has " + page.path("total").asLong() + " orders for " + keys + " keys");
            }
        }
        return found;
    }

    /** Every projection rebuilt from the event store gives the same orders, inventory and products. */
    private List<String> readModelsEqualAReplay() {
        Map<String, String> before = readModels();
        for (String projection : PROJECTIONS) {
            api.ok(api.post("/api/admin/processors/" + projection + "/replay", ""), "replay " + projection);
        }
        for (String projection : PROJECTIONS) {
            api.awaitCaughtUp(projection, SETTLE);
        }
        Map<String, String> after = readModels();
        List<String> found = new ArrayList<>();
        before.forEach((key, value) -> {
            if (!value.equals(after.get(key))) {
                found.add(key + " was " + value + " and is " + after.get(key) + " after a replay");
            }
        });
        return found;
    }

    private Map<String, String> readModels() {
        Map<String, String> models = new TreeMap<>();
        orders.keySet().forEach(id -> models.put("order " + id, api.get("/api/orders/" + id).body()));
        load.initialStock().keySet().forEach(id -> {
            models.put("inventory " + id, api.get("/api/inventory/" + id).body());
            models.put("product " + id, api.get("/api/products/" + id).body());
        });
        return models;
    }

    /** Each order's stored events, in their order, are on its topic (at least once; de-duplicated by event id). */
    private List<String> kafkaHasEveryEvent() {
        Map<String, List<String>> stored = new TreeMap<>();
        for (String orderId : orders.keySet()) {
            stored.put(orderId, storedEventIds(orderId));
        }
        Map<String, List<String>> published = new HashMap<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "fault-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(TOPICS);
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (System.nanoTime() < deadline && !complete(stored, published)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.headers().lastHeader("ce_id") != null) {
                        List<String> ids = published.computeIfAbsent(record.key(), k -> new ArrayList<>());
                        String id = new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
                        if (!ids.contains(id)) {
                            ids.add(id);
                        }
                    }
                }
            }
        }
        stored.forEach((orderId, ids) -> {
            if (!ids.equals(published.getOrDefault(orderId, List.of()))) {
                found.add("order " + orderId + ": stored " + ids + ", on Kafka " + published.get(orderId));
            }
        });
        return found;
    }

    private static boolean complete(Map<String, List<String>> stored, Map<String, List<String>> published) {
        return stored.entrySet().stream().allMatch(e -> e.getValue().equals(published.get(e.getKey())));
    }

    /** The event ids of one aggregate in sequence order, from the dashboard's event search (newest first). */
    private List<String> storedEventIds(String aggregateId) {
        try {
            HttpResponse<String> response = DASHBOARD.send(HttpRequest.newBuilder(URI.create(
                    system.dashboardUrl() + "/v1/events?aggregateId=" + aggregateId + "&size=200")).build(),
                    HttpResponse.BodyHandlers.ofString());
            List<String> ids = new ArrayList<>();
            for (JsonNode event : JSON.readTree(response.body()).path("events")) {
                if (!event.path("snapshot").asBoolean()) {
                    ids.addFirst(event.path("messageIdentifier").asText());
                }
            }
            return ids;
        } catch (Exception e) {
            throw new IllegalStateException("events of " + aggregateId, e);
        }
    }

    /** Each final order has its outcome's notification, once per channel. */
    private List<String> oneNotificationPerOutcome() {
        Map<String, Set<String>> expected = new HashMap<>();
        orders.forEach((id, order) -> expected.computeIfAbsent(order.path("customerId").asText(), c -> new HashSet<>())
                .add(id + " " + (status(order).equals("CONFIRMED") ? "OrderConfirmedEvent" : "OrderCancelledEvent")));
        // The projector, killed and restarted under load, works off its backlog for minutes on this machine: the
        // check waits while notifications keep coming (a consumer making progress is not stuck), up to a cap, and
        // gives up after SETTLE without a new one.
        long cap = System.nanoTime() + NOTIFICATIONS_CATCH_UP.toNanos();
        long deadline = System.nanoTime() + SETTLE.toNanos();
        int seen = -1;
        Map<String, Integer> sent = new HashMap<>();
        List<String> missing;
        while (true) {
            sent.clear();
            load.customers().forEach(customer -> sent.putAll(notificationsOf(customer)));
            missing = expected.values().stream().flatMap(Set::stream)
                    .filter(x -> sent.keySet().stream().noneMatch(k -> k.startsWith(x + " "))).sorted().toList();
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            int total = sent.values().stream().mapToInt(Integer::intValue).sum();
            if (total > seen) {
                seen = total;
                deadline = Math.min(cap, System.nanoTime() + SETTLE.toNanos());
            }
            Api.sleep(1_000);
        }
        List<String> found = new ArrayList<>();
        missing.forEach(x -> found.add("no notification for " + x));
        sent.forEach((key, count) -> {
            if (count != 1) {
                found.add("notification " + key + " sent " + count + " times");
            }
        });
        return found;
    }

    /** "orderId eventType channel" -> how often, over every page of the customer's history. */
    private Map<String, Integer> notificationsOf(String customer) {
        Map<String, Integer> sent = new HashMap<>();
        for (int page = 0; ; page++) {
            JsonNode content = api.ok(api.get("/api/notifications?customerId=" + customer + "&size=200&page=" + page),
                    "notifications of " + customer).path("content");
            for (JsonNode n : content) {
                // the event type is the CloudEvent's, a class name
                String type = n.path("eventType").asText();
                sent.merge(n.path("orderId").asText() + " " + type.substring(type.lastIndexOf('.') + 1) + " "
                        + n.path("channel").asText(), 1, Integer::sum);
            }
            if (content.size() < 200) {
                return sent;
            }
        }
    }
}
