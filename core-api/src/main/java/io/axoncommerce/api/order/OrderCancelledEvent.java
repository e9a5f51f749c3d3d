package io.axoncommerce.api.order;

import io.axoncommerce.api.common.Require;
import org.axonframework.serialization.Revision;

@Revision("1")
public record OrderCancelledEvent(String orderId, CancellationReason reason) {

    public OrderCancelledEvent {
        Require.nonBlank(orderId, "orderId");
        Require.nonNull(reason, "reason");
    }
}
