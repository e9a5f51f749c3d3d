package io.axoncommerce.api.inventory;

import io.axoncommerce.api.common.Require;
import org.axonframework.serialization.Revision;

@Revision("1")
public record StockCommittedEvent(String productId, String orderId, int quantity) {

    public StockCommittedEvent {
        Require.nonBlank(productId, "productId");
        Require.nonBlank(orderId, "orderId");
        Require.positive(quantity, "quantity");
    }
}
