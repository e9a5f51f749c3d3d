package io.axoncommerce.api.product;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.common.Require;
import org.axonframework.serialization.Revision;

@Revision("1")
public record ProductCreatedEvent(String productId, String name, String description, String category, Money price) {

    public ProductCreatedEvent {
        Require.nonBlank(productId, "productId");
        Require.nonBlank(name, "name");
        Require.nonNull(description, "description");
        Require.nonBlank(category, "category");
        Require.nonNull(price, "price");
    }
}
