package io.axoncommerce.api.inventory;

import io.axoncommerce.api.common.Require;
import org.axonframework.serialization.Revision;

@Revision("1")
public record StockAddedEvent(String productId, int quantity, int available) {

    public StockAddedEvent {
        Require.nonBlank(productId, "productId");
        Require.positive(quantity, "quantity");
        Require.notNegative(available, "available");
    }
}
