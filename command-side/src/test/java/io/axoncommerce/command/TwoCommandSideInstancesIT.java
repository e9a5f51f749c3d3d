package io.axoncommerce.command;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.inventory.AddStockCommand;
import io.axoncommerce.api.inventory.InventoryId;
import io.axoncommerce.api.inventory.ReleaseStockCommand;
import io.axoncommerce.api.inventory.ReserveStockCommand;
import io.axoncommerce.api.inventory.StockAddedEvent;
import io.axoncommerce.api.inventory.StockReleasedEvent;
import io.axoncommerce.api.inventory.StockReservedEvent;
import io.axoncommerce.api.order.ConfirmOrderCommand;
import io.axoncommerce.api.order.MarkOrderStockReservedCommand;
import io.axoncommerce.api.order.OrderConfirmedEvent;
import io.axoncommerce.api.order.OrderLineRequest;
import io.axoncommerce.api.order.OrderPlacedEvent;
import io.axoncommerce.api.order.OrderStockReservedEvent;
import io.axoncommerce.api.order.PlaceOrderCommand;
import io.axoncommerce.api.product.ChangeProductPriceCommand;
import io.axoncommerce.api.product.CreateProductCommand;
import io.axoncommerce.api.product.DiscontinueProductCommand;
import io.axoncommerce.axonserver.EmbeddedAxonServer;
import org.axonframework.axonserver.connector.command.AxonServerCommandBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two command-side instances on one Axon Server, each sent commands directly through its own local command bus, as
 * happens for a while when Axon Server moves an aggregate's routing from one instance to the other. What one instance
 * keeps in memory (its aggregate caches) must never let it decide on a state the other has changed since: every
 * decision is the one a freshly sourced aggregate would make, and every order is priced from the catalogue's
 * committed state, whichever instance changed it.
 */
class TwoCommandSideInstancesIT {

    private static final Money PRICE = Money.of("10.00", "EUR");

    @TempDir
    static Path dataDir;
    static EmbeddedAxonServer server;
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;

    @BeforeAll
    static void start() {
        server = EmbeddedAxonServer.builder().grpcPort(0).noHttp().dataDirectory(dataDir).build().start();
        first = startInstance("command-side-a");
        second = startInstance("command-side-b");
        Instant deadline = Instant.now().plusSeconds(30);
        while (server.commands().subscriptions().getOrDefault(PlaceOrderCommand.class.getName(), Set.of()).size() < 2) {
            assertThat(Instant.now()).as("both instances subscribed at Axon Server").isBefore(deadline);
            Thread.onSpinWait();
        }
    }

    private static ConfigurableApplicationContext startInstance(String clientId) {
        return new SpringApplicationBuilder(CommandSideApplication.class).run(
                "--spring.application.name=command-side",
                "--server.port=0",
                "--axon.axonserver.servers=localhost:" + server.grpcPort(),
                "--axon.axonserver.client-id=" + clientId,
                "--spring.profiles.active=local");
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext app : new ConfigurableApplicationContext[]{first, second}) {
            if (app != null) {
                app.close();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    /** The release is decided on the reservation the other instance made: a stale Inventory would skip it. */
    @Test
    void anInventoryChangedByTheOtherInstanceIsNotDecidedOnFromMemory() {
        String productId = createProduct();
        local(first).sendAndWait(new AddStockCommand(productId, 5));
        local(first).sendAndWait(new ReserveStockCommand(productId, "o-1", 2));

        local(second).sendAndWait(new ReserveStockCommand(productId, "o-2", 1));
        local(first).sendAndWait(new ReleaseStockCommand(productId, "o-2"));
        local(first).sendAndWait(new ReserveStockCommand(productId, "o-3", 2));

        assertThat(payloads(InventoryId.of(productId))).containsExactly(
                new StockAddedEvent(productId, 5, 5),
                new StockReservedEvent(productId, "o-1", 2, 3),
                new StockReservedEvent(productId, "o-2", 1, 2),
                new StockReleasedEvent(productId, "o-2", 1, 3),
                new StockReservedEvent(productId, "o-3", 2, 1));
    }

    /** A stale Order (still PLACED in the first instance's memory) would refuse the confirmation. */
    @Test
    void anOrderChangedByTheOtherInstanceIsNotDecidedOnFromMemory() {
        String productId = createProduct();
        String orderId = UUID.randomUUID().toString();
        local(first).sendAndWait(new PlaceOrderCommand(orderId, "c-1", List.of(new OrderLineRequest(productId, 1)),
                "tok_visa"));

        local(second).sendAndWait(new MarkOrderStockReservedCommand(orderId));
        local(first).sendAndWait(new ConfirmOrderCommand(orderId));

        assertThat(payloads(orderId)).hasSize(3).last().isEqualTo(new OrderConfirmedEvent(orderId));
        assertThat(payloads(orderId).get(1)).isEqualTo(new OrderStockReservedEvent(orderId));
    }

    /** Product commands and placements land on different instances; the price and the discontinuation still count. */
    @Test
    void ordersArePricedFromWhatTheOtherInstanceCommittedToTheCatalogue() {
        String productId = createProduct();
        String before = placeOrder(first, productId);

        local(second).sendAndWait(new ChangeProductPriceCommand(productId, Money.of("12.50", "EUR")));
        String after = placeOrder(first, productId);
        local(second).sendAndWait(new DiscontinueProductCommand(productId));

        assertThat(unitPrice(before)).isEqualTo(PRICE);
        assertThat(unitPrice(after)).isEqualTo(Money.of("12.50", "EUR"));
        String refused = UUID.randomUUID().toString();
        assertThatThrownBy(() -> local(first).sendAndWait(new PlaceOrderCommand(refused, "c-1",
                List.of(new OrderLineRequest(productId, 1)), "tok_visa")))
                .hasMessageContaining("discontinued");
        assertThat(payloads(refused)).isEmpty();
    }

    private static String createProduct() {
        String productId = "p-" + UUID.randomUUID();
        local(second).sendAndWait(new CreateProductCommand(productId, "Shared item", "", "toys", PRICE));
        return productId;
    }

    private static String placeOrder(ConfigurableApplicationContext instance, String productId) {
        String orderId = UUID.randomUUID().toString();
        local(instance).sendAndWait(new PlaceOrderCommand(orderId, "c-1",
                List.of(new OrderLineRequest(productId, 1)), "tok_visa"));
        return orderId;
    }

    private static Money unitPrice(String orderId) {
        return ((OrderPlacedEvent) payloads(orderId).getFirst()).lines().getFirst().unitPrice();
    }

    /** That instance's own handlers, whatever Axon Server's routing would choose. */
    private static CommandGateway local(ConfigurableApplicationContext instance) {
        CommandBus localSegment = ((AxonServerCommandBus) instance.getBean(CommandBus.class)).localSegment();
        return DefaultCommandGateway.builder().commandBus(localSegment).build();
    }

    private static List<Object> payloads(String aggregateId) {
        return first.getBean(EventStore.class).readEvents(aggregateId).asStream()
                .<Object>map(DomainEventMessage::getPayload).toList();
    }
}
