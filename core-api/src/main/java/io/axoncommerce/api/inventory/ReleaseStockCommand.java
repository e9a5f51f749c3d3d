package io.axoncommerce.api.inventory;

import io.axoncommerce.api.common.Require;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ReleaseStockCommand(String productId, String orderId) {

    public ReleaseStockCommand {
        Require.nonBlank(productId, "productId");
        Require.nonBlank(orderId, "orderId");
    }

    /** Routes the command to the product's Inventory aggregate (see {@link InventoryId}). */
    @TargetAggregateIdentifier
    public String inventoryId() {
        return InventoryId.of(productId);
    }
}
