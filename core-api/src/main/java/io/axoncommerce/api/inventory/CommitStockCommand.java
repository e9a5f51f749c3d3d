package io.axoncommerce.api.inventory;

import io.axoncommerce.api.common.Require;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CommitStockCommand(String productId, String orderId) {

    public CommitStockCommand {
        Require.nonBlank(productId, "productId");
        Require.nonBlank(orderId, "orderId");
    }

    /** Routes the command to the product's Inventory aggregate (see {@link InventoryId}). */
    @TargetAggregateIdentifier
    public String inventoryId() {
        return InventoryId.of(productId);
    }
}
