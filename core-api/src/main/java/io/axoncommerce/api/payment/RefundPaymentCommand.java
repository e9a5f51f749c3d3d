package io.axoncommerce.api.payment;

import io.axoncommerce.api.common.Require;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RefundPaymentCommand(@TargetAggregateIdentifier String paymentId, String orderId) {

    public RefundPaymentCommand {
        Require.nonBlank(paymentId, "paymentId");
        Require.nonBlank(orderId, "orderId");
    }
}
