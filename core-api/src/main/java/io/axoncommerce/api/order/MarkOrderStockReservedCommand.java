package io.axoncommerce.api.order;

import io.axoncommerce.api.common.Require;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record MarkOrderStockReservedCommand(@TargetAggregateIdentifier String orderId) {

    public MarkOrderStockReservedCommand {
        Require.nonBlank(orderId, "orderId");
    }
}
