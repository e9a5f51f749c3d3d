package io.axoncommerce.api.order;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.common.Require;

/** A placed order line, priced with the catalogue's unit price at the moment the order was placed. */
public record OrderLine(String productId, int quantity, Money unitPrice) {

    public OrderLine {
        Require.nonBlank(productId, "productId");
        Require.positive(quantity, "quantity");
        Require.nonNull(unitPrice, "unitPrice");
    }

    public Money lineTotal() {
        return unitPrice.times(quantity);
    }
}
