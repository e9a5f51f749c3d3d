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
import io.axoncommerce.api.order.OrderStockReservedEvent;
import io.axoncommerce.api.payment.PaymentAwaitingProviderEvent;
import io.axoncommerce.api.payment.PaymentRequestedEvent;
import io.axoncommerce.api.payment.ProviderOperation;
import io.axoncommerce.query.inventory.InventoryProjection;
import io.axoncommerce.query.order.OrderProjection;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The orders and inventory projections in MongoDB, answered through Axon Server and the REST API. */
class OrderAndInventoryIT extends QuerySideIT {

    @Autowired
    private OrderProjection orderProjection;
    @Autowired
    private InventoryProjection inventoryProjection;

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static OrderPlacedEvent placed(String orderId, String customerId, String productId) {
        OrderLine line = new OrderLine(productId, 2, Money.of("9.50", "EUR"));
        return new OrderPlacedEvent(orderId, customerId, List.of(line), Money.of("19.00", "EUR"), "tok_visa");
    }

    private JsonNode awaitOrder(String orderId, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var response = get("/api/orders/" + orderId);
            return response.statusCode() == 200 && json(response).get("status").asText().equals(status);
        });
        return getJson("/api/orders/" + orderId);
    }

    @Test
    void anOrderIsProjectedWithItsLinesTotalAndStatusHistory() {
        String orderId = id("order");
        append("Order", orderId, placed(orderId, "customer-1", "p-1"), new OrderStockReservedEvent(orderId),
                new OrderConfirmedEvent(orderId));

        JsonNode order = awaitOrder(orderId, "CONFIRMED");

        assertThat(order.get("customerId").asText()).isEqualTo("customer-1");
        assertThat(order.get("total").get("amount").decimalValue()).isEqualByComparingTo("19.00");
        assertThat(order.get("lines").get(0).get("productId").asText()).isEqualTo("p-1");
        assertThat(order.get("lines").get(0).get("quantity").asInt()).isEqualTo(2);
        assertThat(order.get("history").findValuesAsText("status"))
                .containsExactly("PLACED", "STOCK_RESERVED", "CONFIRMED");
        assertThat(order.get("version").asLong()).isEqualTo(2);
    }

    private static PaymentAwaitingProviderEvent awaitingProvider(String orderId, ProviderOperation operation,
                                                                int attempt) {
        return new PaymentAwaitingProviderEvent("payment-" + orderId, orderId, operation, attempt, false,
                "provider answered 503", Instant.parse("2026-11-25T10:00:00Z"));
    }

    @Test
    void anOrderWhosePaymentWaitsForTheProviderIsAwaitingPaymentUntilItIsConfirmed() {
        String orderId = id("order");
        append("Order", orderId, placed(orderId, "customer-3", "p-1"), new OrderStockReservedEvent(orderId));
        awaitOrder(orderId, "STOCK_RESERVED");
        append("Payment", "payment-" + orderId, new PaymentRequestedEvent("payment-" + orderId, orderId,
                        Money.of("19.00", "EUR"), "tok_visa", 1, false),
                awaitingProvider(orderId, ProviderOperation.CHARGE, 1));

        JsonNode awaiting = awaitOrder(orderId, "AWAITING_PAYMENT");
        assertThat(awaiting.get("history").findValuesAsText("status"))
                .containsExactly("PLACED", "STOCK_RESERVED", "AWAITING_PAYMENT");
        assertThat(awaiting.get("version").asLong()).isEqualTo(1);
        assertThat(awaiting.get("paymentVersion").asLong()).isEqualTo(1);
        assertThat(getJson("/api/orders?customerId=customer-3&status=AWAITING_PAYMENT").findValuesAsText("orderId"))
                .contains(orderId);

        // later attempts that find the provider unavailable change nothing; the confirmation ends the wait
        append("Payment", "payment-" + orderId, awaitingProvider(orderId, ProviderOperation.CHARGE, 2));
        append("Order", orderId, new OrderConfirmedEvent(orderId));
        JsonNode confirmed = awaitOrder(orderId, "CONFIRMED");
        assertThat(confirmed.get("history").findValuesAsText("status"))
                .containsExactly("PLACED", "STOCK_RESERVED", "AWAITING_PAYMENT", "CONFIRMED");
        assertThat(confirmed.get("paymentVersion").asLong()).isEqualTo(1);
    }

    @Test
    void aPaymentWaitingBeforeTheOrdersStockReservedEventKeepsTheOrderAwaitingAndOthersLeaveItAlone() {
        String early = id("order");
        append("Order", early, placed(early, "customer-4", "p-1"));
        append("Payment", "payment-" + early, awaitingProvider(early, ProviderOperation.CHARGE, 1));
        awaitOrder(early, "AWAITING_PAYMENT");
        append("Order", early, new OrderStockReservedEvent(early));
        await().atMost(Duration.ofSeconds(30)).until(() -> getJson("/api/orders/" + early).get("version").asLong() == 1);
        assertThat(getJson("/api/orders/" + early).get("status").asText()).isEqualTo("AWAITING_PAYMENT");

        // a cancelled order is final, and a refund waiting for the provider is no payment the order awaits
        String cancelled = id("order");
        String refunding = id("order");
        append("Order", cancelled, placed(cancelled, "customer-4", "p-1"),
                new OrderCancelledEvent(cancelled, CancellationReason.PAYMENT_UNAVAILABLE));
        append("Payment", "payment-" + cancelled, awaitingProvider(cancelled, ProviderOperation.CHARGE, 3));
        append("Order", refunding, placed(refunding, "customer-4", "p-1"), new OrderStockReservedEvent(refunding));
        append("Payment", "payment-" + refunding, awaitingProvider(refunding, ProviderOperation.REFUND, 1));
        awaitProjectionsCaughtUp();
        assertThat(getJson("/api/orders/" + cancelled).get("status").asText()).isEqualTo("CANCELLED");
        assertThat(getJson("/api/orders/" + cancelled).get("paymentVersion").asLong()).isEqualTo(-1);
        assertThat(getJson("/api/orders/" + refunding).get("status").asText()).isEqualTo("STOCK_RESERVED");

        // redelivered straight to the projection: nothing changes
        JsonNode before = getJson("/api/orders/" + early);
        var orders = new AnnotationEventHandlerAdapter(orderProjection);
        handle(orders, "Payment", "payment-" + early, 0, awaitingProvider(early, ProviderOperation.CHARGE, 1));
        assertThat(getJson("/api/orders/" + early)).isEqualTo(before);
    }

    @Test
    void ordersAreListedPerCustomerAndStatusWithPaging() {
        String customer = id("customer");
        String cancelled = id("order");
        append("Order", cancelled, placed(cancelled, customer, "p-1"),
                new OrderCancelledEvent(cancelled, CancellationReason.OUT_OF_STOCK));
        for (int i = 0; i < 3; i++) {
            String orderId = id("order");
            append("Order", orderId, placed(orderId, customer, "p-2"));
        }
        awaitOrder(cancelled, "CANCELLED");
        awaitProjectionsCaughtUp();

        JsonNode all = getJson("/api/orders?customerId=" + customer + "&size=2&page=0");
        assertThat(all.get("total").asLong()).isEqualTo(4);
        assertThat(all.get("items")).hasSize(2);
        assertThat(getJson("/api/orders?customerId=" + customer + "&size=2&page=1").get("items")).hasSize(2);

        JsonNode cancelledOnly = getJson("/api/orders?customerId=" + customer + "&status=CANCELLED");
        assertThat(cancelledOnly.get("total").asLong()).isEqualTo(1);
        assertThat(cancelledOnly.get("items").get(0).get("cancellationReason").asText()).isEqualTo("OUT_OF_STOCK");
    }

    @Test
    void unknownIdsAre404AndBadParametersAre400NamingTheParameter() {
        var unknown = get("/api/orders/no-such-order");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(get("/api/inventory/no-such-product").statusCode()).isEqualTo(404);

        for (String query : List.of("size=0", "size=10000", "status=SHIPPED", "page=-1", "page=x")) {
            var response = get("/api/orders?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(json(response).get("parameter").asText()).as(query).isEqualTo(query.substring(0, query.indexOf('=')));
        }
    }

    @Test
    void inventoryCountsAvailableAndReservedStock() {
        String productId = id("product");
        String inventory = "inventory-" + productId;
        append("Inventory", inventory, new StockAddedEvent(productId, 10, 10),
                new StockReservedEvent(productId, "o-1", 3, 7),
                new StockReservedEvent(productId, "o-2", 2, 5),
                new StockCommittedEvent(productId, "o-1", 3),
                new StockReleasedEvent(productId, "o-2", 2, 7));

        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/inventory/" + productId).statusCode() == 200
                && json(get("/api/inventory/" + productId)).get("reserved").asInt() == 0
                && json(get("/api/inventory/" + productId)).get("available").asInt() == 7);
        append("Inventory", inventory, new StockReservedEvent(productId, "o-3", 4, 3));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode stock = getJson("/api/inventory/" + productId);
            assertThat(stock.get("available").asInt()).isEqualTo(3);
            assertThat(stock.get("reserved").asInt()).isEqualTo(4);
        });
    }

    @Test
    void duplicateAndOlderEventsChangeNothing() {
        String orderId = id("order");
        append("Order", orderId, placed(orderId, "customer-2", "p-1"), new OrderStockReservedEvent(orderId),
                new OrderCancelledEvent(orderId, CancellationReason.PAYMENT_DECLINED));
        JsonNode before = awaitOrder(orderId, "CANCELLED");

        // delivered again, straight to the projection as a redelivering processor would: the same (seq 2) and an
        // older one (seq 1, out of order), plus a confirmation claiming an old sequence number
        var orders = new AnnotationEventHandlerAdapter(orderProjection);
        handle(orders, "Order", orderId, 2, new OrderCancelledEvent(orderId, CancellationReason.PAYMENT_DECLINED));
        handle(orders, "Order", orderId, 1, new OrderStockReservedEvent(orderId));
        handle(orders, "Order", orderId, 2, new OrderConfirmedEvent(orderId));
        handle(orders, "Order", orderId, 0, placed(orderId, "someone-else", "p-9"));

        assertThat(getJson("/api/orders/" + orderId)).isEqualTo(before);

        String productId = id("product");
        append("Inventory", "inventory-" + productId, new StockAddedEvent(productId, 5, 5),
                new StockReservedEvent(productId, "o-1", 2, 3));
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/inventory/" + productId).statusCode() == 200
                && json(get("/api/inventory/" + productId)).get("reserved").asInt() == 2);
        var stock = new AnnotationEventHandlerAdapter(inventoryProjection);
        handle(stock, "Inventory", "inventory-" + productId, 1, new StockReservedEvent(productId, "o-1", 2, 3));
        handle(stock, "Inventory", "inventory-" + productId, 0, new StockAddedEvent(productId, 5, 5));
        JsonNode after = getJson("/api/inventory/" + productId);
        assertThat(after.get("available").asInt()).isEqualTo(3);
        assertThat(after.get("reserved").asInt()).isEqualTo(2);
    }

    private static void handle(AnnotationEventHandlerAdapter adapter, String type, String aggregateId, long sequence,
                               Object payload) {
        var message = new GenericDomainEventMessage<>(type, aggregateId, sequence, payload);
        try {
            DefaultUnitOfWork.startAndGet(message).executeWithResult(() -> adapter.handle(message))
                    .optionalExceptionResult().ifPresent(e -> {
                        throw new AssertionError(e);
                    });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
