package io.axoncommerce.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.StockAddedEvent;
import io.axoncommerce.api.inventory.StockCommittedEvent;
import io.axoncommerce.api.inventory.StockReservedEvent;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.OrderCancelledEvent;
import io.axoncommerce.api.order.OrderConfirmedEvent;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.order.OrderStockReservedEvent;
import io.axoncommerce.api.product.ProductCreatedEvent;
import io.axoncommerce.api.product.ProductDetailsUpdatedEvent;
import io.axoncommerce.api.product.ProductPriceChangedEvent;
import io.axoncommerce.query.config.QueryDatabase;
import io.axoncommerce.query.inventory.InventoryDocument;
import io.axoncommerce.query.order.OrderDocument;
import io.axoncommerce.query.product.ProductIndex;
import io.axoncommerce.query.product.ProductSearchDocument;
import io.axoncommerce.query.projection.MongoReadModel;
import io.axoncommerce.query.projection.ProcessingGroups;
import org.axonframework.eventhandling.EventMessage;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Query;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Replay end to end: read models built from a few thousand events are rebuilt from the event store by the admin API,
 * and equal what they were; search keeps answering (from the old index) while its new index is being built. A replay
 * from a point in time repairs the read models' writes lost since then.
 */
class ReplayIT extends QuerySideIT {

    private static final int PRODUCTS = 200;
    private static final int MOVED_EVERY = 10;
    private static final int MOVED = PRODUCTS / MOVED_EVERY;
    private static final int ORDERS = 500;

    @Autowired
    private QueryDatabase database;
    @Autowired
    private MongoReadModel<OrderDocument> orders;
    @Autowired
    private MongoReadModel<InventoryDocument> inventory;
    @Autowired
    private ElasticsearchClient elasticsearch;
    @Autowired
    private ProductIndex productIndex;

    @Test
    void fullReplayRebuildsEqualReadModelsWhileSearchKeepsAnswering() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String category = "replay" + run;
        List<String> products = new ArrayList<>();
        List<EventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < PRODUCTS; i++) {
            String productId = "rp-" + run + "-" + i;
            products.add(productId);
            events.add(event("Product", productId, new ProductCreatedEvent(productId, "Replay product " + i,
                    "Number " + i + " of the replay catalogue", category, Money.of(i + ".50", "EUR"))));
            if (i % MOVED_EVERY == 0) {
                // moved to another category (another routing, maybe another shard) before its other events
                events.add(event("Product", productId, new ProductDetailsUpdatedEvent(productId,
                        "Replay product " + i, "Number " + i + " of the replay catalogue", category + "-moved")));
            }
            events.add(event("Product", productId,
                    new ProductPriceChangedEvent(productId, Money.of(i + ".50", "EUR"), Money.of(i + ".75", "EUR"))));
            events.add(event("Inventory", "inventory-" + productId, new StockAddedEvent(productId, 1000, 1000)));
        }
        Map<String, Integer> available = new HashMap<>();
        for (int i = 0; i < ORDERS; i++) {
            String orderId = "ro-" + run + "-" + i;
            String productId = products.get(i % PRODUCTS);
            Money price = Money.of((i % PRODUCTS) + ".75", "EUR");
            int left = available.merge(productId, 999, (was, ignored) -> was - 1);
            events.add(event("Order", orderId, new OrderPlacedEvent(orderId, "customer-" + (i % 17),
                    List.of(new OrderLine(productId, 1, price)), price, "tok_visa")));
            events.add(event("Inventory", "inventory-" + productId,
                    new StockReservedEvent(productId, orderId, 1, left)));
            if (i % 5 == 0) {
                events.add(event("Order", orderId, new OrderCancelledEvent(orderId, CancellationReason.OUT_OF_STOCK)));
            } else {
                events.add(event("Order", orderId, new OrderStockReservedEvent(orderId)));
                events.add(event("Order", orderId, new OrderConfirmedEvent(orderId)));
                events.add(event("Inventory", "inventory-" + productId,
                        new StockCommittedEvent(productId, orderId, 1)));
            }
        }
        for (int from = 0; from < events.size(); from += 500) {
            eventStore.publish(events.subList(from, Math.min(events.size(), from + 500)));
        }
        assertThat(events).hasSizeGreaterThan(2_500);
        awaitProjectionsCaughtUp();
        Snapshot before = snapshot();
        assertThat(before.orders).hasSizeGreaterThanOrEqualTo(ORDERS);
        assertThat(before.products).hasSizeGreaterThanOrEqualTo(PRODUCTS);
        long matching = getJson("/api/products?category=" + category).get("total").asLong();
        assertThat(matching).isEqualTo(PRODUCTS - MOVED);
        assertThat(getJson("/api/products?category=" + category + "-moved").get("total").asLong()).isEqualTo(MOVED);

        // documents no event accounts for: a full replay starts from empty read models, so they must be gone after it
        // (idempotency alone would leave them, and a replay that never cleared would still rebuild equal documents)
        leaveStrayCopy(orders.liveCollection(), "stray-order-" + run);
        leaveStrayCopy(inventory.liveCollection(), "stray-inventory-" + run);

        Instant replayStarted = Instant.now();
        for (String group : ProcessingGroups.ALL) {
            assertThat(post("/api/admin/processors/" + group + "/replay").statusCode()).isEqualTo(202);
        }
        // the search alias is swapped only once the new index has caught up; until then searches read the old one
        int searchesDuringRebuild = 0;
        while (productIndex.isRebuilding()) {
            JsonNode result = getJson("/api/products?category=" + category + "&q=replay");
            if (productIndex.isRebuilding()) {
                searchesDuringRebuild++;
                assertThat(result.get("total").asLong()).isEqualTo(PRODUCTS - MOVED);
            }
            assertThat(Duration.between(replayStarted, Instant.now())).isLessThan(Duration.ofMinutes(2));
            // one client may search 50 times a second (axon-commerce.security.rate-limits.product-search)
            Thread.sleep(25);
        }
        assertThat(searchesDuringRebuild).isPositive();
        awaitProjectionsCaughtUp();
        long head = processorAdmin.find(ProcessingGroups.ORDERS).orElseThrow().head();
        System.out.printf("Replayed %d events into all three projections in %d ms (%d searches answered meanwhile)%n",
                head + 1, Duration.between(replayStarted, Instant.now()).toMillis(), searchesDuringRebuild);

        JsonNode status = getJson("/api/admin/processors/" + ProcessingGroups.ORDERS);
        assertThat(status.get("replaying").asBoolean()).isFalse();
        assertThat(status.get("progress").asDouble()).isEqualTo(100.0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(snapshot()).isEqualTo(before));
        assertThat(getJson("/api/products?category=" + category).get("total").asLong()).isEqualTo(PRODUCTS - MOVED);
        assertThat(getJson("/api/products?category=" + category + "-moved").get("total").asLong()).isEqualTo(MOVED);
        // the rebuilt index was created with the configured settings too (QuerySideIT: 3 shards)
        String rebuilt = productIndex.writeIndex();
        assertThat(elasticsearch.indices().getSettings(g -> g.index(rebuilt)).get(rebuilt).settings().index()
                .numberOfShards()).isEqualTo("3");
    }

    /**
     * The repair a replay from a point in time is for: writes made after T are lost (as the H2-backed embedded MongoDB
     * loses its last writes on a SIGKILL; here they are undone directly in MongoDB and Elasticsearch: documents rolled
     * back to how they were at T, documents created after T deleted). Replaying from T brings every one of them back.
     */
    @Test
    void replayFromATimestampRepairsTheWritesLostSinceThen() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String prefix = "rr-" + run + "-";
        List<String> products = List.of(prefix + "p0", prefix + "p1", prefix + "p2");
        List<EventMessage<?>> beforeT = new ArrayList<>();
        for (String productId : products) {
            beforeT.add(event("Product", productId, new ProductCreatedEvent(productId, "Repair " + productId,
                    "Lost and found", "repair" + run, Money.of("4.00", "EUR"))));
            beforeT.add(event("Inventory", "inventory-" + productId, new StockAddedEvent(productId, 10, 10)));
        }
        List<String> orderIds = List.of(prefix + "o0", prefix + "o1", prefix + "o2");
        for (int i = 0; i < orderIds.size(); i++) {
            String orderId = orderIds.get(i);
            String productId = products.get(i);
            beforeT.add(event("Order", orderId, new OrderPlacedEvent(orderId, "customer-repair",
                    List.of(new OrderLine(productId, 1, Money.of("4.00", "EUR"))), Money.of("4.00", "EUR"),
                    "tok_visa")));
            beforeT.add(event("Inventory", "inventory-" + productId, new StockReservedEvent(productId, orderId, 1, 9)));
        }
        eventStore.publish(beforeT);
        awaitProjectionsCaughtUp();
        Snapshot atT = snapshot(prefix);
        // millisecond precision, as the admin API is given a time; the events below are stamped after it
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        // after T: orders move on, stock is committed, a price changes, a product and an order are new
        String newProduct = prefix + "p3";
        String newOrder = prefix + "o3";
        List<EventMessage<?>> afterT = new ArrayList<>();
        for (int i = 0; i < orderIds.size(); i++) {
            afterT.add(event("Order", orderIds.get(i), new OrderStockReservedEvent(orderIds.get(i))));
            afterT.add(event("Order", orderIds.get(i), new OrderConfirmedEvent(orderIds.get(i))));
            afterT.add(event("Inventory", "inventory-" + products.get(i),
                    new StockCommittedEvent(products.get(i), orderIds.get(i), 1)));
        }
        afterT.add(event("Product", products.getFirst(), new ProductPriceChangedEvent(products.getFirst(),
                Money.of("4.00", "EUR"), Money.of("3.50", "EUR"))));
        afterT.add(event("Product", newProduct, new ProductCreatedEvent(newProduct, "Repair new", "Made after T",
                "repair" + run, Money.of("6.00", "EUR"))));
        afterT.add(event("Inventory", "inventory-" + newProduct, new StockAddedEvent(newProduct, 5, 5)));
        afterT.add(event("Order", newOrder, new OrderPlacedEvent(newOrder, "customer-repair",
                List.of(new OrderLine(newProduct, 1, Money.of("6.00", "EUR"))), Money.of("6.00", "EUR"), "tok_visa")));
        afterT.add(event("Inventory", "inventory-" + newProduct, new StockReservedEvent(newProduct, newOrder, 1, 4)));
        eventStore.publish(afterT);
        awaitProjectionsCaughtUp();
        Snapshot correct = snapshot(prefix);
        assertThat(correct).isNotEqualTo(atT);

        loseWritesSince(atT, correct);
        assertThat(snapshot(prefix)).isEqualTo(atT);
        // what a user sees of the loss: the confirmed order is back at PLACED, the new order is unknown
        assertThat(getJson("/api/orders/" + orderIds.getFirst()).get("status").asText()).isEqualTo("PLACED");
        assertThat(get("/api/orders/" + newOrder).statusCode()).isEqualTo(404);

        for (String group : ProcessingGroups.ALL) {
            var response = post("/api/admin/processors/" + group + "/replay?from=" + t);
            assertThat(response.statusCode()).as(group + ": " + response.body()).isEqualTo(202);
        }
        awaitProjectionsCaughtUp();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(snapshot(prefix)).isEqualTo(correct));
        assertThat(getJson("/api/orders/" + orderIds.getFirst()).get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(getJson("/api/orders/" + newOrder).get("status").asText()).isEqualTo("PLACED");
    }

    @Test
    void aReplayOfAnUnknownProcessorOrFromAMalformedTimeIsRefused() {
        assertThat(post("/api/admin/processors/no-such-processor/replay").statusCode()).isEqualTo(404);
        var bad = post("/api/admin/processors/" + ProcessingGroups.ORDERS + "/replay?from=yesterday");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("parameter").asText()).isEqualTo("from");
    }

    /** Puts every document that changed after T back as it was at T, and deletes those created after T. */
    private void loseWritesSince(Snapshot atT, Snapshot correct) throws java.io.IOException {
        var mongo = database.template();
        for (OrderDocument document : correct.orders()) {
            atT.orders().stream().filter(o -> o.orderId().equals(document.orderId())).findFirst().ifPresentOrElse(
                    old -> mongo.save(old, orders.liveCollection()),
                    () -> mongo.remove(Query.query(where("_id").is(document.orderId())), orders.liveCollection()));
        }
        for (InventoryDocument document : correct.inventory()) {
            atT.inventory().stream().filter(i -> i.productId().equals(document.productId())).findFirst()
                    .ifPresentOrElse(old -> mongo.save(old, inventory.liveCollection()),
                            () -> mongo.remove(Query.query(where("_id").is(document.productId())),
                                    inventory.liveCollection()));
        }
        String index = productIndex.writeIndex();
        for (var product : correct.products().entrySet()) {
            // documents are routed by category: the current one goes, the old one comes back under its own routing
            String productId = product.getKey();
            elasticsearch.delete(d -> d.index(index).id(productId).routing(product.getValue().routing()));
            ProductSearchDocument old = atT.products().get(productId);
            if (old != null) {
                elasticsearch.index(i -> i.index(index).id(productId).routing(old.routing()).document(old));
            }
        }
    }

    @Test
    void theAdminApiListsEveryProjectionsProcessor() {
        awaitProjectionsCaughtUp();
        JsonNode processors = getJson("/api/admin/processors");
        assertThat(processors.findValuesAsText("name")).containsAll(ProcessingGroups.ALL);
        for (JsonNode processor : processors) {
            assertThat(processor.get("status").asText()).isEqualTo("RUNNING");
            assertThat(processor.get("lag").asLong()).isZero();
            assertThat(processor.get("head").asLong()).isEqualTo(processor.get("position").asLong());
        }
        assertThat(get("/api/admin/processors/no-such-processor").statusCode()).isEqualTo(404);
    }

    private void leaveStrayCopy(String collectionName, String id) {
        var collection = database.template().getCollection(collectionName);
        Document copy = new Document(collection.find().first());
        copy.put("_id", id);
        collection.insertOne(copy);
        assertThat(collection.countDocuments(new Document("_id", id))).isOne();
    }

    private record Snapshot(List<OrderDocument> orders, List<InventoryDocument> inventory,
                            Map<String, ProductSearchDocument> products) {
    }

    private Snapshot snapshot() {
        return snapshot("");
    }

    /** The read models' documents whose ids start with {@code prefix}. */
    private Snapshot snapshot(String prefix) {
        Query ours = Query.query(where("_id").regex("^" + prefix)).with(Sort.by("_id"));
        List<OrderDocument> orders = this.orders.find(ours);
        List<InventoryDocument> inventory = this.inventory.find(ours);
        Map<String, ProductSearchDocument> products = new TreeMap<>();
        try {
            elasticsearch.indices().refresh(r -> r.index(productIndex.readAlias()));
            var response = elasticsearch.search(s -> s.index(productIndex.readAlias()).size(10_000)
                    .query(q -> prefix.isEmpty() ? q.matchAll(m -> m)
                            : q.prefix(p -> p.field("productId").value(prefix))), ProductSearchDocument.class);
            // a product on two shards (a move to another category that left its old copy behind) is a defect
            response.hits().hits().forEach(hit -> assertThat(products.put(hit.id(), hit.source()))
                    .as("second copy of %s", hit.id()).isNull());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Snapshot(orders, inventory, products);
    }
}
