package io.axoncommerce.command.order;

import io.axoncommerce.command.rejection.CommandRejectedException;
import io.axoncommerce.command.rejection.RejectionType;

public class OrderAlreadyExistsException extends CommandRejectedException {

    public OrderAlreadyExistsException(String orderId) {
        super(RejectionType.CONFLICT, "ORDER_ALREADY_EXISTS", "Order '" + orderId + "' already exists");
    }
}
