package io.axoncommerce.api.query;

import io.axoncommerce.api.common.Require;

/** One order's view; answered with an {@link OrderView}, or nothing if the order is unknown. */
public record FindOrderQuery(String orderId) {

    public FindOrderQuery {
        Require.nonBlank(orderId, "orderId");
    }
}
