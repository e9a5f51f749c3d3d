package io.axoncommerce.api.inventory;

import io.axoncommerce.api.common.Require;

/**
 * Inventory aggregates are keyed by product, but share the event store with the Product aggregates, whose
 * identifier is the product id. The prefix keeps the two event streams apart.
 */
public final class InventoryId {

    public static final String PREFIX = "inventory-";

    private InventoryId() {
    }

    public static String of(String productId) {
        return PREFIX + Require.nonBlank(productId, "productId");
    }
}
