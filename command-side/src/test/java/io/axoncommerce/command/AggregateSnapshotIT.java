package io.axoncommerce.command;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.AddStockCommand;
import io.axoncommerce.api.inventory.CommitStockCommand;
import io.axoncommerce.api.inventory.InventoryId;
import io.axoncommerce.api.inventory.ReleaseStockCommand;
import io.axoncommerce.api.inventory.ReserveStockCommand;
import io.axoncommerce.api.inventory.StockReservationRejectedEvent;
import io.axoncommerce.api.inventory.StockReservedEvent;
import io.axoncommerce.api.order.CancelOrderCommand;
import io.axoncommerce.api.order.CancellationReason;
import io.axoncommerce.api.order.MarkOrderStockReservedCommand;
import io.axoncommerce.api.order.OrderLineRequest;
import io.axoncommerce.api.order.PlaceOrderCommand;
import io.axoncommerce.api.product.ChangeProductPriceCommand;
import io.axoncommerce.api.product.CreateProductCommand;
import io.axoncommerce.api.product.DiscontinueProductCommand;
import io.axoncommerce.command.inventory.Inventory;
import io.axoncommerce.command.order.Order;
import io.axoncommerce.command.product.Product;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Repository;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Snapshots with the production serializer (the Jackson serializers Axon's auto-configuration builds from
 * application.yml) and the configured event-count trigger (threshold 5 in these tests).
 */
class AggregateSnapshotIT extends CommandSideSpringTest {

    @Autowired
    private CommandGateway commandGateway;
    @Autowired
    private Serializer serializer;
    @Autowired
    @Qualifier("eventSerializer")
    private Serializer eventSerializer;
    @Autowired
    private Repository<Product> products;
    @Autowired
    private Repository<Inventory> inventories;
    @Autowired
    private Repository<Order> orders;

    @Test
    void theProductionSerializersAreJackson() {
        assertThat(serializer).isInstanceOf(JacksonSerializer.class);
        assertThat(eventSerializer).isInstanceOf(JacksonSerializer.class);
    }

    @Test
    void productStateSurvivesTheSerializer() {
        String productId = "snap-" + UUID.randomUUID();
        commandGateway.sendAndWait(new CreateProductCommand(productId, "Mug", "Big", "kitchen", Money.of("1", "EUR")));
        commandGateway.sendAndWait(new ChangeProductPriceCommand(productId, Money.of("2.50", "EUR")));
        commandGateway.sendAndWait(new DiscontinueProductCommand(productId));

        Product product = load(products, productId);

        assertThat(product.toString()).contains("2.50 EUR", "discontinued");
        assertRoundTrips(product);
    }

    @Test
    void inventoryStateWithOpenAndSettledReservationsSurvivesTheSerializer() {
        String productId = product("3.00");
        commandGateway.sendAndWait(new AddStockCommand(productId, 10));
        commandGateway.sendAndWait(new ReserveStockCommand(productId, "o-1", 2));
        commandGateway.sendAndWait(new ReserveStockCommand(productId, "o-2", 3));
        commandGateway.sendAndWait(new ReserveStockCommand(productId, "o-3", 1));
        commandGateway.sendAndWait(new ReleaseStockCommand(productId, "o-2"));
        commandGateway.sendAndWait(new CommitStockCommand(productId, "o-3"));

        Inventory inventory = load(inventories, InventoryId.of(productId));

        // 10 added, 2 + 3 + 1 reserved, 3 released, 1 committed: 7 available, only o-1 still open.
        assertThat(inventory.toString()).contains("available=7", "reservations={o-1=2}");
        assertRoundTrips(inventory);
    }

    @Test
    void orderStateSurvivesTheSerializer() {
        String orderId = UUID.randomUUID().toString();
        commandGateway.sendAndWait(new PlaceOrderCommand(orderId, "c-1",
                List.of(new OrderLineRequest(product("3.00"), 2)), "tok_visa", "fingerprint-of-the-request"));
        commandGateway.sendAndWait(new MarkOrderStockReservedCommand(orderId));

        Order order = load(orders, orderId);

        assertThat(order.toString()).contains("STOCK_RESERVED", "6.00 EUR");
        assertThat(new String(serializer.serialize(order, byte[].class).getData(), StandardCharsets.UTF_8))
                .contains("fingerprint-of-the-request");
        assertRoundTrips(order);
    }

    @Test
    void theTriggerTakesASnapshotAndLoadingUsesIt() {
        String productId = product("1.00");
        commandGateway.sendAndWait(new AddStockCommand(productId, 100));
        for (int i = 1; i <= 6; i++) {
            commandGateway.sendAndWait(new ReserveStockCommand(productId, "order-" + i, 10));
        }
        String inventoryId = InventoryId.of(productId);

        DomainEventMessage<?> snapshot = awaitSnapshot(inventoryId);

        assertThat(snapshot.getPayload()).isInstanceOf(Inventory.class);
        assertThat(snapshot.getAggregateIdentifier()).isEqualTo(inventoryId);
        assertRoundTrips(snapshot.getPayload());

        // Decisions after the snapshot see the state it captured: 40 units left, reservations still known.
        commandGateway.sendAndWait(new ReserveStockCommand(productId, "order-1", 10));
        commandGateway.sendAndWait(new ReserveStockCommand(productId, "order-7", 41));
        assertThat(storedPayloads()).contains(
                        new StockReservationRejectedEvent(productId, "order-7", 41, 40))
                .doesNotContain(new StockReservedEvent(productId, "order-1", 10, 30));
        assertThat(load(inventories, inventoryId).toString()).contains("available=40");
    }

    @Test
    void aProductLoadedFromItsSnapshotStillRefusesChangesOnceDiscontinued() {
        String productId = product("1.00");
        for (int i = 2; i <= 7; i++) {
            commandGateway.sendAndWait(new ChangeProductPriceCommand(productId, Money.of(i + ".00", "EUR")));
        }
        commandGateway.sendAndWait(new DiscontinueProductCommand(productId));
        assertThat(awaitSnapshot(productId).getPayload()).isInstanceOf(Product.class);

        assertThatThrownBy(() -> commandGateway.sendAndWait(
                new ChangeProductPriceCommand(productId, Money.of("9", "EUR"))))
                .hasMessageContaining("discontinued");
        assertThatThrownBy(() -> commandGateway.sendAndWait(new PlaceOrderCommand(UUID.randomUUID().toString(),
                "c-1", List.of(new OrderLineRequest(productId, 1)), "tok_visa")))
                .hasMessageContaining("discontinued");
    }

    @Test
    void theTriggerCountsEventsPerLoadSoShortStreamsAreNeverSnapshotted() {
        String orderId = UUID.randomUUID().toString();
        commandGateway.sendAndWait(new PlaceOrderCommand(orderId, "c-1",
                List.of(new OrderLineRequest(product("3.00"), 2)), "tok_visa"));
        commandGateway.sendAndWait(new CancelOrderCommand(orderId, CancellationReason.TIMEOUT));
        for (int i = 0; i < 5; i++) {
            commandGateway.sendAndWait(new CancelOrderCommand(orderId, CancellationReason.CUSTOMER_REQUEST));
        }

        assertThat(storageEngine.readSnapshot(orderId)).isEmpty();
        assertThat(load(orders, orderId).toString()).contains("CANCELLED");
    }

    private String product(String price) {
        String productId = "snap-" + UUID.randomUUID();
        commandGateway.sendAndWait(new CreateProductCommand(productId, "Thing", "", "misc", Money.of(price, "EUR")));
        return productId;
    }

    private void assertRoundTrips(Object aggregate) {
        for (Serializer production : List.of(serializer, eventSerializer)) {
            SerializedObject<byte[]> serialized = production.serialize(aggregate, byte[].class);
            Object back = production.deserialize(serialized);

            assertThat(back).isInstanceOf(aggregate.getClass()).isEqualTo(aggregate);
            // the aggregate's own revision: a snapshot of another revision is passed over when loading
            assertThat(serialized.getType().getRevision())
                    .isEqualTo(aggregate.getClass().getAnnotation(Revision.class).value());
        }
    }

    private static <T> T load(Repository<T> repository, String id) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            return repository.load(id).invoke(Function.identity());
        } finally {
            unitOfWork.rollback();
        }
    }

    private DomainEventMessage<?> awaitSnapshot(String aggregateId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        Optional<DomainEventMessage<?>> snapshot = storageEngine.readSnapshot(aggregateId);
        while (snapshot.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
            snapshot = storageEngine.readSnapshot(aggregateId);
        }
        return snapshot.orElseThrow(() -> new AssertionError("no snapshot of " + aggregateId));
    }
}
