package io.axoncommerce.api.order;

import io.axoncommerce.api.common.Require;

/** What a customer asks for: a product and a quantity. The price is looked up in the catalogue, never taken from here. */
public record OrderLineRequest(String productId, int quantity) {

    public OrderLineRequest {
        Require.nonBlank(productId, "productId");
        Require.positive(quantity, "quantity");
    }
}
