package io.axoncommerce.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.order.OrderConfirmedEvent;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.order.OrderStockReservedEvent;
import io.axoncommerce.query.config.QueryDatabase;
import io.axoncommerce.query.order.OrderDocument;
import io.axoncommerce.query.projection.MongoReadModel;
import io.axoncommerce.query.projection.ProcessingGroups;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Poison events: an order whose stored document the projection cannot read (a status no order has) makes its events
 * fail. They are parked in the orders projection's dead-letter queue, in order, while other orders go on; the admin
 * API lists them with the error and the attempts, the metric counts them, a retry before the fix leaves them parked,
 * and after the fix a retry applies them in their order. An evicted letter is dropped; a replay from a time repairs
 * what it skipped.
 */
class DeadLetterIT extends QuerySideIT {

    private static final String DEAD_LETTERS = "/api/admin/processors/" + ProcessingGroups.ORDERS + "/dead-letters";

    @Autowired
    private MongoReadModel<OrderDocument> orders;
    @Autowired
    private QueryDatabase database;
    @Autowired
    private MeterRegistry registry;

    @Test
    void aPoisonEventParksItsOrderWhileOthersGoOnAndIsRetriedInOrderAfterTheFix() {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String poisoned = "dl-" + run + "-poisoned";
        String healthy = "dl-" + run + "-healthy";
        place(poisoned);
        place(healthy);
        breakDocument(poisoned);

        append("Order", poisoned, new OrderStockReservedEvent(poisoned), new OrderConfirmedEvent(poisoned));
        append("Order", healthy, new OrderStockReservedEvent(healthy), new OrderConfirmedEvent(healthy));
        // the other order goes on, and so does the processor: running, no lag
        await().atMost(Duration.ofSeconds(30))
                .until(() -> getJson("/api/orders/" + healthy).get("status").asText().equals("CONFIRMED"));
        awaitProjectionsCaughtUp();
        assertThat(getJson("/api/admin/processors/" + ProcessingGroups.ORDERS).get("status").asText())
                .isEqualTo("RUNNING");

        // the poisoned order's two events are parked in their order, the first with its error
        JsonNode letters = sequence(poisoned).get("letters");
        assertThat(letters).hasSize(2);
        assertThat(letters.get(0).get("eventType").asText()).isEqualTo(OrderStockReservedEvent.class.getName());
        assertThat(letters.get(0).get("aggregateId").asText()).isEqualTo(poisoned);
        assertThat(letters.get(0).get("error").asText()).contains(poisoned).contains("SHIPPED");
        assertThat(letters.get(0).get("attempts").asLong()).isEqualTo(1);
        assertThat(letters.get(1).get("eventType").asText()).isEqualTo(OrderConfirmedEvent.class.getName());
        assertThat(letters.get(1).get("error").isNull()).isTrue();
        awaitDeadLetterGauge(2);

        // a replay from a point in time would clear the queue: refused while letters are parked
        var replay = post("/api/admin/processors/" + ProcessingGroups.ORDERS + "/replay?from=" + Instant.now());
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(json(replay).get("detail").asText()).contains("dead letters");

        // retried before the fix: fails again, stays parked with one attempt more
        JsonNode unfixed = json(post(DEAD_LETTERS + "/retry"));
        assertThat(unfixed.get("processed").asInt()).isZero();
        assertThat(sequence(poisoned).get("letters").get(0).get("attempts").asLong()).isEqualTo(2);

        // the fix: the document as the projection wrote it; then the sequence is applied in its order
        repairDocument(poisoned);
        String first = letters.get(0).get("messageId").asText();
        JsonNode fixed = json(post(DEAD_LETTERS + "/" + first + "/retry"));
        assertThat(fixed.get("processed").asInt()).isOne();
        JsonNode order = getJson("/api/orders/" + poisoned);
        assertThat(order.get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(order.get("history").findValuesAsText("status"))
                .containsExactly("PLACED", "STOCK_RESERVED", "CONFIRMED");
        assertThat(order.get("version").asLong()).isEqualTo(2);
        assertThat(getJson(DEAD_LETTERS).findValuesAsText("sequence")).doesNotContain(poisoned);
        awaitDeadLetterGauge(0);
    }

    @Test
    void anEvictedLetterIsDroppedAndAReplayFromBeforeItRepairsTheOrder() {
        String orderId = "dl-" + UUID.randomUUID().toString().substring(0, 6) + "-evicted";
        place(orderId);
        breakDocument(orderId);
        Instant beforeTheEvent = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        append("Order", orderId, new OrderStockReservedEvent(orderId));
        await().atMost(Duration.ofSeconds(30)).until(() -> getJson(DEAD_LETTERS).findValuesAsText("sequence")
                .contains(orderId));
        String messageId = sequence(orderId).get("letters").get(0).get("messageId").asText();

        assertThat(delete(DEAD_LETTERS + "/" + messageId).statusCode()).isEqualTo(204);
        assertThat(getJson(DEAD_LETTERS).findValuesAsText("sequence")).doesNotContain(orderId);
        assertThat(delete(DEAD_LETTERS + "/" + messageId).statusCode()).isEqualTo(404);
        assertThat(post(DEAD_LETTERS + "/" + messageId + "/retry").statusCode()).isEqualTo(404);
        assertThat(get("/api/admin/processors/no-such-processor/dead-letters").statusCode()).isEqualTo(404);

        // the evicted event was never applied; fixed and replayed from before it, the order has it
        repairDocument(orderId);
        assertThat(getJson("/api/orders/" + orderId).get("status").asText()).isEqualTo("PLACED");
        assertThat(post("/api/admin/processors/" + ProcessingGroups.ORDERS + "/replay?from=" + beforeTheEvent)
                .statusCode()).isEqualTo(202);
        awaitProjectionsCaughtUp();
        assertThat(getJson("/api/orders/" + orderId).get("status").asText()).isEqualTo("STOCK_RESERVED");
    }

    private void place(String orderId) {
        Money price = Money.of("3.00", "EUR");
        append("Order", orderId, new OrderPlacedEvent(orderId, "customer-dl",
                List.of(new OrderLine("p-dl", 1, price)), price, "tok_visa"));
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/orders/" + orderId).statusCode() == 200);
    }

    /** A document the projection cannot read: a status no order has (as a bad migration or a bug might leave). */
    private void breakDocument(String orderId) {
        database.template().getCollection(orders.liveCollection())
                .updateOne(Filters.eq("_id", orderId), Updates.set("status", "SHIPPED"));
    }

    private void repairDocument(String orderId) {
        database.template().getCollection(orders.liveCollection())
                .updateOne(Filters.eq("_id", orderId), Updates.set("status", "PLACED"));
    }

    private JsonNode sequence(String orderId) {
        for (JsonNode sequence : getJson(DEAD_LETTERS)) {
            if (sequence.get("sequence").asText().equals(orderId)) {
                return sequence;
            }
        }
        throw new AssertionError("No dead-letter sequence for " + orderId + " in " + getJson(DEAD_LETTERS));
    }

    private void awaitDeadLetterGauge(double expected) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(registry.get("axoncommerce.deadletters")
                .tag("processingGroup", ProcessingGroups.ORDERS).gauge().value()).isEqualTo(expected));
    }
}
