package io.axoncommerce.api.product;

import io.axoncommerce.api.common.Require;
import org.axonframework.serialization.Revision;

@Revision("1")
public record ProductDiscontinuedEvent(String productId) {

    public ProductDiscontinuedEvent {
        Require.nonBlank(productId, "productId");
    }
}
