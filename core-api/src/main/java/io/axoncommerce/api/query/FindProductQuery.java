package io.axoncommerce.api.query;

import io.axoncommerce.api.common.Require;

/** One product from the catalogue's search index; answered with a {@link ProductView}, or nothing if unknown. */
public record FindProductQuery(String productId) {

    public FindProductQuery {
        Require.nonBlank(productId, "productId");
    }
}
