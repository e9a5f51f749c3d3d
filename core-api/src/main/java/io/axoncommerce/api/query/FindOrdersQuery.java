package io.axoncommerce.api.query;

import io.axoncommerce.api.order.OrderStatus;

/**
 * A page of orders, newest first, optionally only one customer's and/or only one status. Null filters match all.
 * Answered with an {@link OrderPage}.
 */
public record FindOrdersQuery(String customerId, OrderStatus status, int page, int size) {

    public FindOrdersQuery {
        if (page < 0) {
            throw new IllegalArgumentException("page must not be negative but was " + page);
        }
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive but was " + size);
        }
    }
}
