package io.axoncommerce.api.inventory;

import io.axoncommerce.api.common.Require;
import org.axonframework.serialization.Revision;

@Revision("1")
public record StockReservedEvent(String productId, String orderId, int quantity, int available) {

    public StockReservedEvent {
        Require.nonBlank(productId, "productId");
        Require.nonBlank(orderId, "orderId");
        Require.positive(quantity, "quantity");
        Require.notNegative(available, "available");
    }
}
