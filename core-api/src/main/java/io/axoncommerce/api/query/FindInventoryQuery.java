package io.axoncommerce.api.query;

import io.axoncommerce.api.common.Require;

/** A product's stock levels; answered with an {@link InventoryView}, or nothing if the product never had stock. */
public record FindInventoryQuery(String productId) {

    public FindInventoryQuery {
        Require.nonBlank(productId, "productId");
    }
}
