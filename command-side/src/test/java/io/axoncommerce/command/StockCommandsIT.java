package io.axoncommerce.command;

import io.axoncommerce.api.inventory.CommitStockCommand;
import io.axoncommerce.api.inventory.InventoryId;
import io.axoncommerce.api.inventory.ReleaseStockCommand;
import io.axoncommerce.api.inventory.ReserveStockCommand;
import io.axoncommerce.api.inventory.StockReservationRejectedEvent;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The saga's stock commands for a product that never had stock, with the real repositories: they must neither fail
 * nor leave anything but the rejection behind (the fixture tests check the decisions, this checks the storage).
 */
class StockCommandsIT extends CommandSideSpringTest {

    @Autowired
    private CommandGateway commandGateway;

    @Test
    void releaseAndCommitForAProductWithoutInventoryStoreNothing() {
        String productId = "never-stocked-" + UUID.randomUUID();
        int stored = storedEvents().size();

        commandGateway.sendAndWait(new ReleaseStockCommand(productId, "o-1"));
        commandGateway.sendAndWait(new CommitStockCommand(productId, "o-1"));

        assertThat(storedEvents()).hasSize(stored);
    }

    @Test
    void reservingForAProductWithoutInventoryStoresOnlyTheRejection() {
        String productId = "never-stocked-" + UUID.randomUUID();

        commandGateway.sendAndWait(new ReserveStockCommand(productId, "o-1", 2));
        commandGateway.sendAndWait(new ReleaseStockCommand(productId, "o-1"));

        assertThat(storedEvents().stream()
                .filter(e -> e instanceof DomainEventMessage<?> d
                        && d.getAggregateIdentifier().equals(InventoryId.of(productId)))
                .map(e -> (Object) e.getPayload()).toList())
                .containsExactly(new StockReservationRejectedEvent(productId, "o-1", 2, 0));
    }
}
