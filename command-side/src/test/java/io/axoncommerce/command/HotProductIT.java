package io.axoncommerce.command;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.AddStockCommand;
import io.axoncommerce.api.inventory.InventoryId;
import io.axoncommerce.api.inventory.ReserveStockCommand;
import io.axoncommerce.api.inventory.StockReservationRejectedEvent;
import io.axoncommerce.api.inventory.StockReservedEvent;
import io.axoncommerce.api.order.OrderLineRequest;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.order.PlaceOrderCommand;
import io.axoncommerce.api.product.ChangeProductPriceCommand;
import io.axoncommerce.api.product.CreateProductCommand;
import io.axoncommerce.command.product.ProductCatalog;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many orders of one product at once (the hot product, issue 14): they are priced without queueing on the Product,
 * each from the catalogue's committed state, and the product's Inventory still takes every reservation in turn.
 * Real repositories on the local command bus, several threads sending at once.
 */
class HotProductIT extends CommandSideSpringTest {

    private static final Money OLD_PRICE = Money.of("10.00", "EUR");
    private static final Money NEW_PRICE = Money.of("12.00", "EUR");

    @Autowired
    private CommandGateway commandGateway;
    @Autowired
    private ProductCatalog catalog;

    /**
     * Pricing used to load the Product through its locking repository, which held the Product's lock until the
     * placement's unit of work ended: a price change then waited for every order being placed. Now the change goes
     * through while an order is being priced, and the next order pays the new price.
     */
    @Test
    void aPriceChangeGoesThroughWhileAnOrderOfTheProductIsBeingPriced() throws Exception {
        String productId = createProduct();
        CountDownLatch priced = new CountDownLatch(1);
        CountDownLatch priceChanged = new CountDownLatch(1);
        ExecutorService placement = Executors.newSingleThreadExecutor();
        try {
            Future<Money> pricedAt = placement.submit(() -> {
                UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
                try {
                    Money price = catalog.priceForOrder(productId);
                    priced.countDown();
                    // the placement's unit of work stays open until the price change has been committed
                    priceChanged.await();
                    return price;
                } finally {
                    unitOfWork.commit();
                }
            });
            priced.await();

            // the old code blocked here on the Product's lock until the placement ended, which waits for this
            CompletableFuture.runAsync(() -> commandGateway.sendAndWait(
                    new ChangeProductPriceCommand(productId, NEW_PRICE))).get(30, TimeUnit.SECONDS);
            priceChanged.countDown();

            assertThat(pricedAt.get()).isEqualTo(OLD_PRICE);
        } finally {
            priceChanged.countDown();
            placement.shutdownNow();
        }
        assertThat(orderPlacedEvent(placeOrder(productId)).lines().getFirst().unitPrice()).isEqualTo(NEW_PRICE);
    }

    /**
     * 16 threads place 160 orders of one product while its price changes: every order is placed, at a price the
     * catalogue had committed, and every order sent after the change was answered pays the new price. Then they all
     * reserve from 100 units: exactly 100 are reserved, and {@code available} counts down one by one to 0.
     */
    @Test
    void concurrentOrdersOfOneProductAreAllPlacedAtACommittedPriceAndReservedInTurn() throws Exception {
        String productId = createProduct();
        commandGateway.sendAndWait(new AddStockCommand(productId, 100));
        int threads = 16;
        int ordersPerThread = 10;
        CountDownLatch halfSent = new CountDownLatch(threads * ordersPerThread / 2);
        List<Future<List<PlacedOrder>>> placing = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                placing.add(clients.submit(() -> {
                    List<PlacedOrder> placed = new ArrayList<>();
                    for (int i = 0; i < ordersPerThread; i++) {
                        long sent = System.nanoTime();
                        placed.add(new PlacedOrder(placeOrder(productId), sent, System.nanoTime()));
                        halfSent.countDown();
                    }
                    return placed;
                }));
            }
            halfSent.await();
            long changeSent = System.nanoTime();
            commandGateway.sendAndWait(new ChangeProductPriceCommand(productId, NEW_PRICE));
            long changeAnswered = System.nanoTime();

            List<PlacedOrder> orders = new ArrayList<>();
            for (Future<List<PlacedOrder>> thread : placing) {
                orders.addAll(thread.get(60, TimeUnit.SECONDS));
            }
            assertThat(orders).hasSize(threads * ordersPerThread);
            for (PlacedOrder order : orders) {
                Money price = orderPlacedEvent(order.orderId()).lines().getFirst().unitPrice();
                if (order.sent() > changeAnswered) {
                    assertThat(price).as("order %s sent after the price change was answered", order.orderId())
                            .isEqualTo(NEW_PRICE);
                } else if (order.answered() < changeSent) {
                    assertThat(price).as("order %s answered before the price change was sent", order.orderId())
                            .isEqualTo(OLD_PRICE);
                } else {
                    assertThat(price).as("order %s placed during the price change", order.orderId())
                            .isIn(OLD_PRICE, NEW_PRICE);
                }
            }

            List<Future<?>> reserving = new ArrayList<>();
            for (PlacedOrder order : orders) {
                reserving.add(clients.submit(() -> commandGateway.sendAndWait(
                        new ReserveStockCommand(productId, order.orderId(), 1))));
            }
            for (Future<?> reservation : reserving) {
                reservation.get(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        List<Object> stockEvents = storedEvents().stream()
                .filter(e -> e instanceof DomainEventMessage<?> d
                        && d.getAggregateIdentifier().equals(InventoryId.of(productId)))
                .<Object>map(e -> e.getPayload())
                .toList();
        List<Integer> availableAfterEachReservation = stockEvents.stream()
                .filter(StockReservedEvent.class::isInstance).map(e -> ((StockReservedEvent) e).available()).toList();
        assertThat(availableAfterEachReservation).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(availableAfterEachReservation.get(i)).isEqualTo(99 - i);
        }
        assertThat(stockEvents).filteredOn(StockReservationRejectedEvent.class::isInstance).hasSize(60)
                .allSatisfy(e -> assertThat(((StockReservationRejectedEvent) e).available()).isZero());
    }

    private record PlacedOrder(String orderId, long sent, long answered) {
    }

    private String createProduct() {
        String productId = "hot-" + UUID.randomUUID();
        commandGateway.sendAndWait(new CreateProductCommand(productId, "Hot item", "Everyone orders it", "toys",
                OLD_PRICE));
        return productId;
    }

    private String placeOrder(String productId) {
        String orderId = UUID.randomUUID().toString();
        commandGateway.sendAndWait(new PlaceOrderCommand(orderId, "c-hot", List.of(new OrderLineRequest(productId, 1)),
                "tok_visa"));
        return orderId;
    }

    private OrderPlacedEvent orderPlacedEvent(String orderId) {
        return storedEvents().stream()
                .filter(e -> e instanceof DomainEventMessage<?> d && d.getAggregateIdentifier().equals(orderId))
                .map(e -> (Object) e.getPayload())
                .filter(OrderPlacedEvent.class::isInstance).map(OrderPlacedEvent.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no OrderPlacedEvent of " + orderId));
    }
}
