package io.axoncommerce.api.payment;

import io.axoncommerce.api.common.Require;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The provider refunded the payment's charge. Sent by the payment adapter's provider calls; recorded once. */
public record RecordRefundCompletedCommand(@TargetAggregateIdentifier String paymentId, String refundId) {

    public RecordRefundCompletedCommand {
        Require.nonBlank(paymentId, "paymentId");
        Require.nonBlank(refundId, "refundId");
    }
}
