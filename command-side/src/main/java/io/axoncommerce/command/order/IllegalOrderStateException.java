package io.axoncommerce.command.order;

import io.axoncommerce.api.order.OrderStatus;
import io.axoncommerce.command.rejection.CommandRejectedException;
import io.axoncommerce.command.rejection.RejectionType;

/** A status transition the order's status machine does not allow, e.g. cancelling a confirmed order. */
public class IllegalOrderStateException extends CommandRejectedException {

    public IllegalOrderStateException(String orderId, OrderStatus current, String action) {
        super(RejectionType.CONFLICT, "ILLEGAL_ORDER_STATE",
                "Cannot " + action + " order '" + orderId + "' in status " + current);
    }
}
