package io.axoncommerce.api.product;

import io.axoncommerce.api.common.Require;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record UpdateProductDetailsCommand(@TargetAggregateIdentifier String productId, String name,
                                          String description, String category) {

    public UpdateProductDetailsCommand {
        Require.nonBlank(productId, "productId");
        Require.nonBlank(name, "name");
        Require.nonNull(description, "description");
        Require.nonBlank(category, "category");
    }
}
