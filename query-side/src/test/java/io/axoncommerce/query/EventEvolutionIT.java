package io.axoncommerce.query;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.OrderCancelledEvent;
import io.axoncommerce.api.order.OrderConfirmedEvent;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.order.OrderStockReservedEvent;
import io.axoncommerce.query.config.QueryDatabase;
import io.axoncommerce.query.order.OrderDocument;
import io.axoncommerce.query.projection.MongoReadModel;
import io.axoncommerce.query.projection.ProcessingGroups;
import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.event.Event;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Orders as older releases stored them (a committed fixture of serialized {@code OrderPlacedEvent}s of revisions 1 and
 * 2, without line totals, appended to Axon Server as they were) give the same order views as the same orders placed
 * with the current events, also after the orders model is rebuilt from the event store.
 */
class EventEvolutionIT extends QuerySideIT {

    private static final String FIXTURE = "/stored-events/orders-before-revision-3.json";
    /** Reads the fixture as stored: {@code 10.00} stays {@code 10.00}. */
    private static final JsonMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    @Autowired
    private AxonServerConnectionManager axonServer;
    @Autowired
    private MongoReadModel<OrderDocument> orders;
    @Autowired
    private QueryDatabase database;

    @Test
    void ordersStoredWithOldRevisionsReadAsTheSameOrdersPlacedNowAlsoAfterARebuild() throws Exception {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        appendAsStored(at);
        String rev1Twin = "evolution-" + UUID.randomUUID().toString().substring(0, 6) + "-rev1-now";
        String rev2Twin = "evolution-" + UUID.randomUUID().toString().substring(0, 6) + "-rev2-now";
        eventStore.publish(List.of(
                at(at, rev1Twin, 0, new OrderPlacedEvent(rev1Twin, "customer-evolution", List.of(
                        new OrderLine("p-mug", 2, Money.of("22.49", "EUR")),
                        new OrderLine("p-plate", 3, Money.of("10.00", "EUR"))), Money.of("74.98", "EUR"), "tok_visa")),
                at(at, rev1Twin, 1, new OrderStockReservedEvent(rev1Twin)),
                at(at, rev1Twin, 2, new OrderConfirmedEvent(rev1Twin))));
        eventStore.publish(List.of(
                at(at, rev2Twin, 0, new OrderPlacedEvent(rev2Twin, "customer-evolution",
                        List.of(new OrderLine("p-mug", 1, Money.of("0.10", "USD"))), Money.of("0.10", "USD"),
                        "tok_visa", "5d41402abc4b2a76b9719d911017c592")),
                at(at, rev2Twin, 1, new OrderCancelledEvent(rev2Twin, CancellationReason.OUT_OF_STOCK))));
        awaitProjectionsCaughtUp();

        JsonNode rev1 = getJson("/api/orders/evolution-rev1");
        assertThat(rev1.get("status").asText()).isEqualTo("CONFIRMED");
        // the upcaster recorded the line totals the old events lacked, exactly
        assertThat(rev1.get("lines").findValuesAsText("productId")).containsExactly("p-mug", "p-plate");
        assertThat(rev1.get("lines").get(0).get("lineTotal").get("amount").decimalValue())
                .isEqualByComparingTo("44.98");
        assertThat(rev1.get("lines").get(1).get("lineTotal").get("amount").decimalValue())
                .isEqualByComparingTo("30.00");
        assertThat(withoutId(rev1)).isEqualTo(withoutId(getJson("/api/orders/" + rev1Twin)));
        JsonNode rev2 = getJson("/api/orders/evolution-rev2");
        assertThat(rev2.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(withoutId(rev2)).isEqualTo(withoutId(getJson("/api/orders/" + rev2Twin)));

        // rebuilt from the event store, the old orders read the same again
        assertThat(post("/api/admin/processors/" + ProcessingGroups.ORDERS + "/replay").statusCode()).isEqualTo(202);
        awaitProjectionsCaughtUp();
        assertThat(getJson("/api/orders/evolution-rev1")).isEqualTo(rev1);
        assertThat(getJson("/api/orders/evolution-rev2")).isEqualTo(rev2);
    }

    /** An order document written before the line totals were recorded still reads, with the totals. */
    @Test
    void anOrderDocumentWrittenBeforeLineTotalsReadsWithThem() {
        String orderId = "evolution-" + UUID.randomUUID().toString().substring(0, 6) + "-document";
        append("Order", orderId, new OrderPlacedEvent(orderId, "customer-evolution",
                List.of(new OrderLine("p-cup", 4, Money.of("2.25", "EUR"))), Money.of("9.00", "EUR"), "tok_visa"));
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/orders/" + orderId).statusCode() == 200);
        var stored = database.template().getCollection(orders.liveCollection());
        stored.updateOne(Filters.eq("_id", orderId), Updates.unset("lines.0.lineTotal"));
        assertThat(stored.find(Filters.eq("_id", orderId)).first().toJson()).doesNotContain("lineTotal");

        JsonNode line = getJson("/api/orders/" + orderId).get("lines").get(0);
        assertThat(line.get("lineTotal").get("amount").decimalValue()).isEqualByComparingTo(new BigDecimal("9.00"));
        assertThat(line.get("lineTotal").get("currency").asText()).isEqualTo("EUR");
    }

    /** The fixture's events, appended through the Axon Server connector with their stored type, revision and bytes. */
    private void appendAsStored(Instant at) throws IOException, Exception {
        JsonNode fixture;
        try (InputStream in = getClass().getResourceAsStream(FIXTURE)) {
            fixture = EXACT.readTree(in);
        }
        List<Event> events = new ArrayList<>();
        for (JsonNode stored : fixture) {
            events.add(Event.newBuilder()
                    .setMessageIdentifier(UUID.randomUUID().toString())
                    .setAggregateType("Order")
                    .setAggregateIdentifier(stored.get("aggregateId").asText())
                    .setAggregateSequenceNumber(stored.get("sequence").asLong())
                    .setTimestamp(at.toEpochMilli())
                    .setPayload(SerializedObject.newBuilder()
                            .setType(stored.get("type").asText())
                            .setRevision(stored.get("revision").asText())
                            .setData(ByteString.copyFrom(EXACT.writeValueAsBytes(stored.get("payload")))))
                    .build());
        }
        axonServer.getConnection().eventChannel().appendEvents(events.toArray(Event[]::new)).get(30, TimeUnit.SECONDS);
    }

    private static EventMessage<?> at(Instant at, String orderId, long sequence, Object payload) {
        return new GenericDomainEventMessage<>("Order", orderId, sequence, payload, MetaData.emptyInstance(),
                UUID.randomUUID().toString(), at);
    }

    private static JsonNode withoutId(JsonNode order) {
        ObjectNode copy = order.deepCopy();
        copy.remove("orderId");
        return copy;
    }
}
