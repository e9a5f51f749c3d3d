package io.axoncommerce.api.product;

import io.axoncommerce.api.common.Require;
import org.axonframework.serialization.Revision;

@Revision("1")
public record ProductDetailsUpdatedEvent(String productId, String name, String description, String category) {

    public ProductDetailsUpdatedEvent {
        Require.nonBlank(productId, "productId");
        Require.nonBlank(name, "name");
        Require.nonNull(description, "description");
        Require.nonBlank(category, "category");
    }
}
