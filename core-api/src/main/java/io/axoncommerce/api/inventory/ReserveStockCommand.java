package io.axoncommerce.api.inventory;

import io.axoncommerce.api.common.Require;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ReserveStockCommand(String productId, String orderId, int quantity) {

    public ReserveStockCommand {
        Require.nonBlank(productId, "productId");
        Require.nonBlank(orderId, "orderId");
        Require.positive(quantity, "quantity");
    }

    /** Routes the command to the product's Inventory aggregate (see {@link InventoryId}). */
    @TargetAggregateIdentifier
    public String inventoryId() {
        return InventoryId.of(productId);
    }
}
