package io.axoncommerce.api.product;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.common.Require;
import org.axonframework.serialization.Revision;

@Revision("1")
public record ProductPriceChangedEvent(String productId, Money oldPrice, Money newPrice) {

    public ProductPriceChangedEvent {
        Require.nonBlank(productId, "productId");
        Require.nonNull(oldPrice, "oldPrice");
        Require.nonNull(newPrice, "newPrice");
    }
}
