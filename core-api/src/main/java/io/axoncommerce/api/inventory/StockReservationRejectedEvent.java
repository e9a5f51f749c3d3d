package io.axoncommerce.api.inventory;

import io.axoncommerce.api.common.Require;
import org.axonframework.serialization.Revision;

@Revision("1")
public record StockReservationRejectedEvent(String productId, String orderId, int requested, int available) {

    public StockReservationRejectedEvent {
        Require.nonBlank(productId, "productId");
        Require.nonBlank(orderId, "orderId");
        Require.positive(requested, "requested");
        Require.notNegative(available, "available");
    }
}
