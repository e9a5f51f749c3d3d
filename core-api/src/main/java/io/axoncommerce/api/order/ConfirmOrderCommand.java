package io.axoncommerce.api.order;

import io.axoncommerce.api.common.Require;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ConfirmOrderCommand(@TargetAggregateIdentifier String orderId) {

    public ConfirmOrderCommand {
        Require.nonBlank(orderId, "orderId");
    }
}
