package io.axoncommerce.command.order;

import io.axoncommerce.command.rejection.CommandRejectedException;
import io.axoncommerce.command.rejection.RejectionType;

/** A customer asked to change an order of another customer: 403, and nothing is stored. */
public class OrderNotOwnedException extends CommandRejectedException {

    public OrderNotOwnedException(String orderId) {
        super(RejectionType.FORBIDDEN, "ORDER_NOT_OWNED", "Order '" + orderId + "' belongs to another customer");
    }
}
