package io.axoncommerce.api.payment;

import io.axoncommerce.api.common.Require;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The provider charged the payment (its answer, or a lookup of the idempotency key). Sent by the payment adapter's
 * provider calls to the payment; repeated freely (a redelivered attempt asks the provider again and gets the same
 * answer), the payment records it once.
 */
public record RecordChargeApprovedCommand(@TargetAggregateIdentifier String paymentId, String chargeId) {

    public RecordChargeApprovedCommand {
        Require.nonBlank(paymentId, "paymentId");
        Require.nonBlank(chargeId, "chargeId");
    }
}
