package io.axoncommerce.api.product;

import io.axoncommerce.api.common.Require;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DiscontinueProductCommand(@TargetAggregateIdentifier String productId) {

    public DiscontinueProductCommand {
        Require.nonBlank(productId, "productId");
    }
}
