package io.axoncommerce.api.order;

import io.axoncommerce.api.common.Require;
import org.axonframework.serialization.Revision;

@Revision("1")
public record OrderConfirmedEvent(String orderId) {

    public OrderConfirmedEvent {
        Require.nonBlank(orderId, "orderId");
    }
}
