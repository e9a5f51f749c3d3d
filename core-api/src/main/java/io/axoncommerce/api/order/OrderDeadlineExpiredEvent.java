package io.axoncommerce.api.order;

import io.axoncommerce.api.common.Require;
import org.axonframework.serialization.Revision;

/**
 * Published by the order fulfilment saga's event scheduler when a step did not complete in time. It is scheduled
 * through Axon's {@code EventScheduler} (persisted by Axon Server), so a deadline survives a restart of the saga.
 */
@Revision("1")
public record OrderDeadlineExpiredEvent(String orderId, OrderStep step) {

    public OrderDeadlineExpiredEvent {
        Require.nonBlank(orderId, "orderId");
        Require.nonNull(step, "step");
    }
}
