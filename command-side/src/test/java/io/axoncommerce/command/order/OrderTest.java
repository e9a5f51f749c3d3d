package io.axoncommerce.command.order;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.order.CancelOrderCommand;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.ConfirmOrderCommand;
import io.axoncommerce.api.order.MarkOrderStockReservedCommand;
import io.axoncommerce.api.order.OrderCancelledEvent;
import io.axoncommerce.api.order.OrderConfirmedEvent;
import io.axoncommerce.api.order.OrderLine;
import io.axoncommerce.api.order.OrderLineRequest;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.order.OrderStockReservedEvent;
import io.axoncommerce.api.order.PlaceOrderCommand;
import io.axoncommerce.api.product.ProductCreatedEvent;
import io.axoncommerce.api.product.ProductDiscontinuedEvent;
import io.axoncommerce.api.product.ProductPriceChangedEvent;
import io.axoncommerce.command.InMemoryProducts;
import io.axoncommerce.command.product.ProductDiscontinuedException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

class OrderTest {

    private static final Money MUG = Money.of("12.50", "EUR");
    private static final Money PLATE = Money.of("4.00", "EUR");
    private static final OrderPlacedEvent PLACED = new OrderPlacedEvent("o-1", "c-1",
            List.of(new OrderLine("mug", 2, MUG)), Money.of("25.00", "EUR"), "tok_visa");

    private AggregateTestFixture<Order> fixture;
    private InMemoryProducts products;

    @BeforeEach
    void setUp() {
        products = new InMemoryProducts()
                .given("mug", new ProductCreatedEvent("mug", "Mug", "", "kitchen", Money.of("10.00", "EUR")),
                        new ProductPriceChangedEvent("mug", Money.of("10.00", "EUR"), MUG))
                .given("plate", new ProductCreatedEvent("plate", "Plate", "", "kitchen", PLATE))
                .given("old", new ProductCreatedEvent("old", "Old", "", "kitchen", PLATE),
                        new ProductDiscontinuedEvent("old"))
                .given("dollar", new ProductCreatedEvent("dollar", "Import", "", "kitchen", Money.of("3", "USD")));
        fixture = new AggregateTestFixture<>(Order.class);
        fixture.registerAnnotatedCommandHandler(
                new OrderPlacementHandler(products.catalog(), fixture.getRepository()));
    }

    private static PlaceOrderCommand place(OrderLineRequest... lines) {
        return new PlaceOrderCommand("o-1", "c-1", List.of(lines), "tok_visa");
    }

    @Test
    void placesAnOrderPricedFromTheCatalogueAtItsCurrentPrice() {
        fixture.givenNoPriorActivity()
                .when(place(new OrderLineRequest("plate", 3), new OrderLineRequest("mug", 2)))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload("o-1")
                .expectEvents(new OrderPlacedEvent("o-1", "c-1",
                        List.of(new OrderLine("plate", 3, PLATE), new OrderLine("mug", 2, MUG)),
                        Money.of("37.00", "EUR"), "tok_visa"));
    }

    @Test
    void theSameRequestUnderItsIdempotencyKeyPlacesNothingNewAnotherIsRefused() {
        OrderPlacedEvent keyed = new OrderPlacedEvent("o-1", "c-1", List.of(new OrderLine("mug", 2, MUG)),
                Money.of("25.00", "EUR"), "tok_visa", "fingerprint-1");
        List<OrderLineRequest> lines = List.of(new OrderLineRequest("mug", 2));
        fixture.given(keyed)
                .when(new PlaceOrderCommand("o-1", "c-1", lines, "tok_visa", "fingerprint-1"))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload("o-1")
                .expectNoEvents();
        fixture.given(keyed)
                .when(new PlaceOrderCommand("o-1", "c-1", lines, "tok_visa", "fingerprint-2"))
                .expectException(IdempotencyKeyReusedException.class)
                .expectNoEvents();
        // an id taken without a key stays a conflict
        fixture.given(PLACED)
                .when(new PlaceOrderCommand("o-1", "c-1", lines, "tok_visa", "fingerprint-1"))
                .expectException(IdempotencyKeyReusedException.class);
        fixture.given(keyed)
                .when(place(new OrderLineRequest("mug", 2)))
                .expectException(OrderAlreadyExistsException.class);
    }

    @Test
    void aRetryAnswersAsTheFirstTimeEvenOnceAProductIsDiscontinued() {
        fixture.given(new OrderPlacedEvent("o-1", "c-1", List.of(new OrderLine("old", 1, PLATE)), PLATE, "tok_visa",
                        "fingerprint-1"))
                .when(new PlaceOrderCommand("o-1", "c-1", List.of(new OrderLineRequest("old", 1)), "tok_visa",
                        "fingerprint-1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aDiscontinuedProductCannotBeOrdered() {
        fixture.givenNoPriorActivity()
                .when(place(new OrderLineRequest("mug", 1), new OrderLineRequest("old", 1)))
                .expectException(ProductDiscontinuedException.class)
                .expectNoEvents();
    }

    @Test
    void anUnknownProductCannotBeOrdered() {
        fixture.givenNoPriorActivity()
                .when(place(new OrderLineRequest("mug", 1), new OrderLineRequest("nope", 1)))
                .expectException(UnknownProductInOrderException.class)
                .expectNoEvents();
    }

    @Test
    void oneOrderIsPricedInOneCurrency() {
        fixture.givenNoPriorActivity()
                .when(place(new OrderLineRequest("mug", 1), new OrderLineRequest("dollar", 1)))
                .expectException(MixedCurrencyOrderException.class)
                .expectNoEvents();
    }

    @Test
    void anOrderIdCannotBePlacedTwice() {
        fixture.given(PLACED)
                .when(place(new OrderLineRequest("plate", 1)))
                .expectException(OrderAlreadyExistsException.class)
                .expectNoEvents();
    }

    @Test
    void marksStockReserved() {
        fixture.given(PLACED)
                .when(new MarkOrderStockReservedCommand("o-1"))
                .expectEvents(new OrderStockReservedEvent("o-1"));
    }

    @Test
    void markingStockReservedTwiceIsANoOp() {
        fixture.given(PLACED, new OrderStockReservedEvent("o-1"))
                .when(new MarkOrderStockReservedCommand("o-1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aCancelledOrderCannotBeMarkedReserved() {
        fixture.given(PLACED, new OrderCancelledEvent("o-1", CancellationReason.TIMEOUT))
                .when(new MarkOrderStockReservedCommand("o-1"))
                .expectException(IllegalOrderStateException.class)
                .expectNoEvents();
    }

    @Test
    void confirmsAReservedOrder() {
        fixture.given(PLACED, new OrderStockReservedEvent("o-1"))
                .when(new ConfirmOrderCommand("o-1"))
                .expectEvents(new OrderConfirmedEvent("o-1"));
    }

    @Test
    void confirmingTwiceIsANoOp() {
        fixture.given(PLACED, new OrderStockReservedEvent("o-1"), new OrderConfirmedEvent("o-1"))
                .when(new ConfirmOrderCommand("o-1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anOrderWithoutReservedStockCannotBeConfirmed() {
        fixture.given(PLACED)
                .when(new ConfirmOrderCommand("o-1"))
                .expectException(IllegalOrderStateException.class)
                .expectNoEvents();
    }

    @Test
    void aCancelledOrderCannotBeConfirmed() {
        fixture.given(PLACED, new OrderStockReservedEvent("o-1"),
                        new OrderCancelledEvent("o-1", CancellationReason.CUSTOMER_REQUEST))
                .when(new ConfirmOrderCommand("o-1"))
                .expectException(IllegalOrderStateException.class)
                .expectNoEvents();
    }

    @Test
    void cancelsAPlacedOrder() {
        fixture.given(PLACED)
                .when(new CancelOrderCommand("o-1", CancellationReason.OUT_OF_STOCK))
                .expectEvents(new OrderCancelledEvent("o-1", CancellationReason.OUT_OF_STOCK));
    }

    @Test
    void cancelsAnOrderWithReservedStock() {
        fixture.given(PLACED, new OrderStockReservedEvent("o-1"))
                .when(new CancelOrderCommand("o-1", CancellationReason.PAYMENT_DECLINED))
                .expectEvents(new OrderCancelledEvent("o-1", CancellationReason.PAYMENT_DECLINED));
    }

    @Test
    void cancellingTwiceIsANoOpAndKeepsTheFirstReason() {
        fixture.given(PLACED, new OrderCancelledEvent("o-1", CancellationReason.TIMEOUT))
                .when(new CancelOrderCommand("o-1", CancellationReason.CUSTOMER_REQUEST))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aConfirmedOrderCannotBeCancelled() {
        fixture.given(PLACED, new OrderStockReservedEvent("o-1"), new OrderConfirmedEvent("o-1"))
                .when(new CancelOrderCommand("o-1", CancellationReason.CUSTOMER_REQUEST))
                .expectException(IllegalOrderStateException.class)
                .expectNoEvents();
    }

    @Test
    void commandsForAnUnknownOrderFail() {
        fixture.givenNoPriorActivity()
                .when(new CancelOrderCommand("o-404", CancellationReason.CUSTOMER_REQUEST))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void aCustomerCancelsTheirOwnOrder() {
        fixture.given(PLACED)
                .when(new CancelOrderCommand("o-1", CancellationReason.CUSTOMER_REQUEST, PLACED.customerId()))
                .expectEvents(new OrderCancelledEvent("o-1", CancellationReason.CUSTOMER_REQUEST));
    }

    @Test
    void anotherCustomerCannotCancelAnOrderWhateverItsStatus() {
        fixture.given(PLACED)
                .when(new CancelOrderCommand("o-1", CancellationReason.CUSTOMER_REQUEST, "mallory"))
                .expectException(OrderNotOwnedException.class)
                .expectNoEvents();
        fixture.given(PLACED, new OrderCancelledEvent("o-1", CancellationReason.TIMEOUT))
                .when(new CancelOrderCommand("o-1", CancellationReason.CUSTOMER_REQUEST, "mallory"))
                .expectException(OrderNotOwnedException.class);
    }
}
