package io.axoncommerce.api.query;

import java.util.List;

/** One page of orders and the number of orders matching in total. */
public record OrderPage(List<OrderView> items, int page, int size, long total) {

    public OrderPage {
        items = List.copyOf(items);
    }
}
