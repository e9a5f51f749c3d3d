package io.axoncommerce.api.inventory;

import io.axoncommerce.api.common.Require;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AddStockCommand(String productId, int quantity) {

    public AddStockCommand {
        Require.nonBlank(productId, "productId");
        Require.positive(quantity, "quantity");
    }

    /** Routes the command to the product's Inventory aggregate (see {@link InventoryId}). */
    @TargetAggregateIdentifier
    public String inventoryId() {
        return InventoryId.of(productId);
    }
}
