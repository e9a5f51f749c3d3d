package io.axoncommerce.api.order;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.common.Require;

/**
 * A placed order line, priced with the catalogue's unit price at the moment the order was placed. {@code lineTotal} is
 * what the line costs, recorded in the event (since {@link OrderPlacedEvent} revision 3) so that consumers outside
 * Axon read the charged amount instead of re-deriving it; it is the unit price times the quantity.
 */
public record OrderLine(String productId, int quantity, Money unitPrice, Money lineTotal) {

    public OrderLine {
        Require.nonBlank(productId, "productId");
        Require.positive(quantity, "quantity");
        Require.nonNull(unitPrice, "unitPrice");
        Require.nonNull(lineTotal, "lineTotal");
        Money expected = unitPrice.times(quantity);
        if (!lineTotal.equals(expected)) {
            throw new IllegalArgumentException("lineTotal must be unitPrice x quantity (" + expected + ") but was "
                    + lineTotal);
        }
    }

    /** A line priced now: its total is the unit price times the quantity. */
    public OrderLine(String productId, int quantity, Money unitPrice) {
        // invalid arguments are left to the canonical constructor, which names the field at fault
        this(productId, quantity, unitPrice, unitPrice == null || quantity <= 0 ? null : unitPrice.times(quantity));
    }
}
