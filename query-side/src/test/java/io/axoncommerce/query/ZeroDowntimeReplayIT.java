package io.axoncommerce.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.StockAddedEvent;
import io.axoncommerce.api.inventory.StockCommittedEvent;
import io.axoncommerce.api.inventory.StockReleasedEvent;
import io.axoncommerce.api.inventory.StockReservedEvent;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.OrderCancelledEvent;
import io.axoncommerce.api.order.OrderConfirmedEvent;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.order.OrderStatus;
import io.axoncommerce.api.order.OrderStockReservedEvent;
import io.axoncommerce.query.config.QueryDatabase;
import io.axoncommerce.query.inventory.InventoryDocument;
import io.axoncommerce.query.order.OrderDocument;
import io.axoncommerce.query.projection.MongoReadModel;
import io.axoncommerce.query.projection.ProcessingGroups;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Query;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * A full replay of the orders and inventory projections while new events keep arriving: queries answer from the live
 * collections throughout (never a 404 for an order that existed, never an error), live order updates keep flowing,
 * progress is visible mid-way, the events stored during the replay end up in the rebuilt model, the old collections
 * are dropped after the switch, and a replay interrupted by a stop resumes into the same collection.
 * <p>
 * The replays are held at a marker event ({@link ReplayGates}) so that the checks "during the replay" run while one
 * is certainly in progress, however fast the machine.
 */
class ZeroDowntimeReplayIT extends QuerySideIT {

    private static final int PRODUCTS = 40;
    private static final int ORDERS = 600;
    private static final Money PRICE = Money.of("2.50", "EUR");

    @Autowired
    private MongoReadModel<OrderDocument> orders;
    @Autowired
    private MongoReadModel<InventoryDocument> inventory;
    @Autowired
    private ReplayGates.Gates gates;
    @Autowired
    private QueryDatabase database;
    @Autowired
    private EventProcessingConfiguration processing;

    /** What the test stored, and what the read models must say about it. */
    private static final class Shop {
        final String run = UUID.randomUUID().toString().substring(0, 6);
        final String gateId = "gate-" + run;
        final List<String> products = new ArrayList<>();
        final List<String> openOrders = new ArrayList<>();
        final List<String> orderIds = new ArrayList<>();
        final Map<String, Integer> available = new HashMap<>();
        final Map<String, Integer> reserved = new HashMap<>();

        /** Products with stock and orders in every state, with the gate's marker in the middle of them. */
        List<EventMessage<?>> history() {
            List<EventMessage<?>> events = new ArrayList<>();
            for (int i = 0; i < PRODUCTS; i++) {
                String productId = "zd-" + run + "-p" + i;
                products.add(productId);
                available.put(productId, 100);
                reserved.put(productId, 0);
                events.add(event("Inventory", "inventory-" + productId, new StockAddedEvent(productId, 100, 100)));
            }
            for (int i = 0; i < ORDERS; i++) {
                if (i == ORDERS / 2) {
                    events.add(event("Gate", gateId, new ReplayGates.ReplayGateEvent(gateId)));
                }
                String orderId = "zd-" + run + "-o" + i;
                String productId = products.get(i % PRODUCTS);
                orderIds.add(orderId);
                events.addAll(place(orderId, productId));
                switch (i % 3) {
                    case 0 -> openOrders.add(orderId);
                    case 1 -> events.addAll(confirm(orderId, productId));
                    default -> {
                        events.add(event("Order", orderId,
                                new OrderCancelledEvent(orderId, CancellationReason.PAYMENT_DECLINED)));
                        int left = available.merge(productId, 1, Integer::sum);
                        reserved.merge(productId, -1, Integer::sum);
                        events.add(event("Inventory", "inventory-" + productId,
                                new StockReleasedEvent(productId, orderId, 1, left)));
                    }
                }
            }
            return events;
        }

        List<EventMessage<?>> place(String orderId, String productId) {
            int left = available.merge(productId, -1, Integer::sum);
            reserved.merge(productId, 1, Integer::sum);
            return List.of(
                    event("Order", orderId, new OrderPlacedEvent(orderId, "customer-zd",
                            List.of(new OrderLine(productId, 1, PRICE)), PRICE, "tok_visa")),
                    event("Inventory", "inventory-" + productId, new StockReservedEvent(productId, orderId, 1, left)),
                    event("Order", orderId, new OrderStockReservedEvent(orderId)));
        }

        List<EventMessage<?>> confirm(String orderId, String productId) {
            reserved.merge(productId, -1, Integer::sum);
            return List.of(event("Order", orderId, new OrderConfirmedEvent(orderId)),
                    event("Inventory", "inventory-" + productId, new StockCommittedEvent(productId, orderId, 1)));
        }

        String productOf(String orderId) {
            return products.get(orderIds.indexOf(orderId) % PRODUCTS);
        }
    }

    @Test
    void readsAnswerFromTheLiveModelsThroughoutAFullReplayAndTheRebuiltModelsHoldTheNewEvents() throws Exception {
        Shop shop = new Shop();
        publish(shop.history());
        awaitProjectionsCaughtUp();
        Map<String, OrderDocument> ordersBefore = documents(orders, "zd-" + shop.run, OrderDocument::orderId);
        Map<String, InventoryDocument> inventoryBefore =
                documents(inventory, "zd-" + shop.run, InventoryDocument::productId);
        assertThat(ordersBefore).hasSize(ORDERS);
        assertThat(inventoryBefore).hasSize(PRODUCTS);
        String oldOrders = orders.liveCollection();
        String oldInventory = inventory.liveCollection();

        Reader reader = new Reader(shop.orderIds, shop.products);
        Thread readerThread = Thread.ofVirtual().start(reader);
        String watched = shop.openOrders.getFirst();
        SseClient updates = new SseClient("/api/orders/" + watched + "/updates");
        updates.awaitStatus("STOCK_RESERVED");

        ReplayGates.Gate ordersGate = gates.arm(ProcessingGroups.ORDERS, shop.gateId);
        ReplayGates.Gate inventoryGate = gates.arm(ProcessingGroups.INVENTORY, shop.gateId);
        long headAtStart = processorAdmin.find(ProcessingGroups.ORDERS).orElseThrow().head();
        assertThat(post("/api/admin/processors/" + ProcessingGroups.ORDERS + "/replay").statusCode()).isEqualTo(202);
        assertThat(post("/api/admin/processors/" + ProcessingGroups.INVENTORY + "/replay").statusCode())
                .isEqualTo(202);
        ordersGate.awaitReached();
        inventoryGate.awaitReached();

        // mid-replay: both rebuild into new collections, progress is between the ends, reads see the live model
        assertThat(orders.isRebuilding()).isTrue();
        assertThat(inventory.isRebuilding()).isTrue();
        for (String group : List.of(ProcessingGroups.ORDERS, ProcessingGroups.INVENTORY)) {
            JsonNode status = getJson("/api/admin/processors/" + group);
            assertThat(status.get("replaying").asBoolean()).as(group + " replaying").isTrue();
            assertThat(status.get("progress").asDouble()).as(group + " progress").isStrictlyBetween(0.0, 100.0);
            JsonNode replay = status.get("replay");
            assertThat(replay.get("fromPosition").asLong()).isEqualTo(-1);
            assertThat(replay.get("toPosition").asLong()).isEqualTo(headAtStart);
            assertThat(replay.get("from").isNull()).isTrue();
            assertThat(replay.get("etaSeconds").isNumber()).as(group + " ETA " + replay).isTrue();
        }
        // the live model answers as it was before the replay started
        for (String orderId : shop.orderIds.subList(0, 30)) {
            assertThat(getJson("/api/orders/" + orderId).get("version").asLong())
                    .isEqualTo(ordersBefore.get(orderId).version());
        }
        for (String productId : shop.products) {
            assertThat(getJson("/api/inventory/" + productId).get("available").asInt())
                    .isEqualTo(inventoryBefore.get(productId).available());
        }

        // new events while the replay runs: the first 20 open orders are confirmed, 20 new orders are placed
        List<String> confirmed = shop.openOrders.subList(0, 20);
        List<EventMessage<?>> during = new ArrayList<>();
        for (String orderId : confirmed) {
            during.addAll(shop.confirm(orderId, shop.productOf(orderId)));
        }
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String orderId = "zd-" + shop.run + "-new" + i;
            placed.add(orderId);
            during.addAll(shop.place(orderId, shop.products.get(i % PRODUCTS)));
        }
        publish(during);

        ordersGate.release();
        inventoryGate.release();
        // the admin API reports the replay done only once the rebuilt collections are the ones read
        awaitProjectionsCaughtUp();
        assertThat(orders.isRebuilding()).isFalse();
        assertThat(inventory.isRebuilding()).isFalse();
        reader.stop.set(true);
        readerThread.join(Duration.ofSeconds(30));

        assertThat(reader.failures).as("reads that failed during the replay").isEmpty();
        assertThat(reader.readsWhileRebuilding.get()).as("reads while rebuilding").isPositive();
        // live updates kept flowing: the watched order's confirmation, stored during the replay, reached its stream
        updates.awaitStatus("CONFIRMED");
        updates.awaitEnd();

        // the rebuilt models: what was there before, plus the events stored during the replay
        assertThat(orders.liveCollection()).isNotEqualTo(oldOrders);
        assertThat(inventory.liveCollection()).isNotEqualTo(oldInventory);
        Map<String, OrderDocument> ordersAfter = documents(orders, "zd-" + shop.run, OrderDocument::orderId);
        assertThat(ordersAfter).hasSize(ORDERS + placed.size());
        ordersBefore.forEach((orderId, before) -> {
            OrderDocument after = ordersAfter.get(orderId);
            if (confirmed.contains(orderId)) {
                assertThat(after).usingRecursiveComparison().ignoringFields("status", "version", "history")
                        .isEqualTo(before);
                assertThat(after.status()).isEqualTo(OrderStatus.CONFIRMED);
                assertThat(after.version()).isEqualTo(before.version() + 1);
                assertThat(after.history()).hasSize(before.history().size() + 1);
                assertThat(after.history().subList(0, before.history().size())).isEqualTo(before.history());
                assertThat(after.history().getLast().status()).isEqualTo(OrderStatus.CONFIRMED);
            } else {
                assertThat(after).as(orderId).isEqualTo(before);
            }
        });
        for (String orderId : placed) {
            OrderDocument after = ordersAfter.get(orderId);
            assertThat(after.status()).as(orderId).isEqualTo(OrderStatus.STOCK_RESERVED);
            assertThat(after.version()).isEqualTo(1);
        }
        Map<String, InventoryDocument> inventoryAfter =
                documents(inventory, "zd-" + shop.run, InventoryDocument::productId);
        for (String productId : shop.products) {
            assertThat(inventoryAfter.get(productId)).as(productId).extracting("available", "reserved")
                    .containsExactly(shop.available.get(productId), shop.reserved.get(productId));
        }

        // the collections that were live before are dropped after the switch
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(database.template().getCollectionNames())
                .doesNotContain(oldOrders, oldInventory)
                .contains(orders.liveCollection(), inventory.liveCollection()));
    }

    @Test
    void aReplayStoppedMidwayResumesIntoTheSameCollectionWhenStartedAgain() throws Exception {
        Shop shop = new Shop();
        publish(shop.history());
        awaitProjectionsCaughtUp();
        Map<String, InventoryDocument> before = documents(inventory, "zd-" + shop.run, InventoryDocument::productId);
        StreamingEventProcessor processor = processing
                .eventProcessor(ProcessingGroups.INVENTORY, StreamingEventProcessor.class).orElseThrow();

        ReplayGates.Gate gate = gates.arm(ProcessingGroups.INVENTORY, shop.gateId);
        assertThat(post("/api/admin/processors/" + ProcessingGroups.INVENTORY + "/replay").statusCode())
                .isEqualTo(202);
        gate.awaitReached();
        String rebuild = inventory.writeCollection();
        assertThat(rebuild).isNotEqualTo(inventory.liveCollection());
        // a shutdown while the replay is held at the marker: the segment stops there, mid-replay
        CompletableFuture<Void> stopped = processor.shutdownAsync();
        gate.release();
        stopped.get(60, TimeUnit.SECONDS);
        Map<String, InventoryDocument> rebuiltSoFar = database.template()
                .find(Query.query(where("_id").regex("^zd-" + shop.run)), InventoryDocument.class, rebuild).stream()
                .collect(Collectors.toMap(InventoryDocument::productId, Function.identity()));
        assertThat(rebuiltSoFar).as("the rebuild stopped before it had caught up").isNotEqualTo(before);

        // what a restarted instance finds in MongoDB: the rebuild in progress, next to the live collection
        MongoReadModel<InventoryDocument> afterRestart = new MongoReadModel<>(database.template(),
                InventoryDocument.class, InventoryDocument.COLLECTION, ProcessingGroups.INVENTORY, Duration.ofSeconds(2),
                Clock.systemUTC());
        assertThat(afterRestart.isRebuilding()).isTrue();
        assertThat(afterRestart.writeCollection()).isEqualTo(rebuild);
        assertThat(afterRestart.liveCollection()).isEqualTo(inventory.liveCollection());
        // and a replay from a point in time is refused while the rebuild is unfinished: it would skip events
        var refused = post("/api/admin/processors/" + ProcessingGroups.INVENTORY + "/replay?from=2026-01-01T00:00:00Z");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).get("title").asText()).isEqualTo("Replay conflict");
        assertThat(json(refused).get("detail").asText()).contains("rebuilding");

        processor.start();
        awaitProjectionsCaughtUp();
        assertThat(inventory.liveCollection()).as("the collection the replay started is the one switched in")
                .isEqualTo(rebuild);
        assertThat(documents(inventory, "zd-" + shop.run, InventoryDocument::productId)).isEqualTo(before);
    }

    @Test
    void theProgressOfAReplayFromATimeIsMeasuredFromWhereItStarted() throws Exception {
        awaitProjectionsCaughtUp();
        long headBefore = processorAdmin.find(ProcessingGroups.ORDERS).orElseThrow().head();
        // millisecond precision: the replay record keeps the time as MongoDB does
        Instant from = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Shop shop = new Shop();
        publish(shop.history());
        awaitProjectionsCaughtUp();
        long head = processorAdmin.find(ProcessingGroups.ORDERS).orElseThrow().head();

        ReplayGates.Gate gate = gates.arm(ProcessingGroups.ORDERS, shop.gateId);
        assertThat(post("/api/admin/processors/" + ProcessingGroups.ORDERS + "/replay?from=" + from).statusCode())
                .isEqualTo(202);
        gate.awaitReached();
        try {
            JsonNode status = getJson("/api/admin/processors/" + ProcessingGroups.ORDERS);
            JsonNode replay = status.get("replay");
            assertThat(replay.get("from").asText()).isEqualTo(from.toString());
            // the replay re-applies only this test's events: those after the head it found before publishing them
            assertThat(replay.get("fromPosition").asLong()).isEqualTo(headBefore);
            assertThat(replay.get("toPosition").asLong()).isEqualTo(head);
            double progress = status.get("progress").asDouble();
            assertThat(progress).isStrictlyBetween(0.0, 100.0);
            // measured on the replayed range, not on the whole store (which would be near 100 here)
            double expected = 100.0 * (status.get("position").asLong() - headBefore) / (head - headBefore);
            assertThat(progress).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.1));
        } finally {
            gate.release();
        }
        awaitProjectionsCaughtUp();
        assertThat(getJson("/api/admin/processors/" + ProcessingGroups.ORDERS).get("progress").asDouble())
                .isEqualTo(100.0);
    }

    private void publish(List<EventMessage<?>> events) {
        for (int from = 0; from < events.size(); from += 500) {
            eventStore.publish(events.subList(from, Math.min(events.size(), from + 500)));
        }
    }

    /** This test's documents in the live collection, by id. */
    private static <D> Map<String, D> documents(MongoReadModel<D> readModel, String idPrefix, Function<D, String> id) {
        return readModel.find(Query.query(where("_id").regex("^" + idPrefix))).stream()
                .collect(Collectors.toMap(id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }

    /** Reads orders and stock without pause until stopped, and keeps every answer that was not a 200. */
    private final class Reader implements Runnable {
        final List<String> orderIds;
        final List<String> productIds;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong readsWhileRebuilding = new AtomicLong();
        final List<String> failures = new CopyOnWriteArrayList<>();

        Reader(List<String> orderIds, List<String> productIds) {
            this.orderIds = orderIds;
            this.productIds = productIds;
        }

        @Override
        public void run() {
            for (int i = 0; !stop.get(); i++) {
                boolean rebuilding = orders.isRebuilding() || inventory.isRebuilding();
                read("/api/orders/" + orderIds.get(i % orderIds.size()));
                read("/api/inventory/" + productIds.get(i % productIds.size()));
                if (rebuilding) {
                    readsWhileRebuilding.incrementAndGet();
                }
            }
        }

        private void read(String path) {
            try {
                HttpResponse<String> response = get(path);
                if (response.statusCode() != 200) {
                    failures.add(path + " answered " + response.statusCode() + ": " + response.body());
                }
            } catch (RuntimeException e) {
                failures.add(path + " failed: " + e);
            }
        }
    }

    /** The order statuses a live update stream sends, read in the background. */
    private final class SseClient {
        private final List<String> statuses = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Void> reading;

        SseClient(String path) throws Exception {
            HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream")
                            .header("Authorization", "Bearer " + ADMIN).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            reading = CompletableFuture.runAsync(() -> {
                try (var reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        if (line.startsWith("data:")) {
                            statuses.add(JSON.readTree(line.substring("data:".length())).get("status").asText());
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        void awaitStatus(String status) {
            await().atMost(Duration.ofSeconds(60)).until(() -> statuses.contains(status));
        }

        /** The server ends the stream after a final status, without an error. */
        void awaitEnd() throws Exception {
            reading.get(30, TimeUnit.SECONDS);
        }
    }
}
