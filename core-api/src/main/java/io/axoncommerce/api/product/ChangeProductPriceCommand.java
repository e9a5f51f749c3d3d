package io.axoncommerce.api.product;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.common.Require;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ChangeProductPriceCommand(@TargetAggregateIdentifier String productId, Money price) {

    public ChangeProductPriceCommand {
        Require.nonBlank(productId, "productId");
        Require.nonNull(price, "price");
    }
}
