package io.axoncommerce.api.order;

import io.axoncommerce.api.common.Require;
import org.axonframework.serialization.Revision;

@Revision("1")
public record OrderStockReservedEvent(String orderId) {

    public OrderStockReservedEvent {
        Require.nonBlank(orderId, "orderId");
    }
}
