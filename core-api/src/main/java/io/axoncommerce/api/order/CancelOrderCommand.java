package io.axoncommerce.api.order;

import io.axoncommerce.api.common.Require;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CancelOrderCommand(@TargetAggregateIdentifier String orderId, CancellationReason reason) {

    public CancelOrderCommand {
        Require.nonBlank(orderId, "orderId");
        Require.nonNull(reason, "reason");
    }
}
