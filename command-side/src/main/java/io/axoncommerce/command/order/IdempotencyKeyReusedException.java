package io.axoncommerce.command.order;

import io.axoncommerce.command.rejection.CommandRejectedException;
import io.axoncommerce.command.rejection.RejectionType;

/** An idempotency key sent again with a different request: the key names the first request for good. */
public class IdempotencyKeyReusedException extends CommandRejectedException {

    public IdempotencyKeyReusedException() {
        super(RejectionType.BUSINESS_RULE, "IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was already used for a "
                + "different request; send a new key for a new order");
    }
}
