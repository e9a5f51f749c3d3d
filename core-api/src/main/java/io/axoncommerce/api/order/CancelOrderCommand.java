package io.axoncommerce.api.order;

import io.axoncommerce.api.common.Require;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Cancels an order.
 *
 * @param requestedBy the customer asking (the token subject of a REST request): the Order refuses it unless it is
 *                    the order's own customer. Null when the system cancels (the saga's compensation, a deadline),
 *                    which needs no ownership.
 */
public record CancelOrderCommand(@TargetAggregateIdentifier String orderId, CancellationReason reason,
                                 String requestedBy) {

    public CancelOrderCommand {
        Require.nonBlank(orderId, "orderId");
        Require.nonNull(reason, "reason");
        if (requestedBy != null) {
            Require.nonBlank(requestedBy, "requestedBy");
        }
    }

    /** A cancellation by the system (saga, deadline): no customer to check. */
    public CancelOrderCommand(String orderId, CancellationReason reason) {
        this(orderId, reason, null);
    }
}
