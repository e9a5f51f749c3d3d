package io.axoncommerce.api.payment;

import io.axoncommerce.api.common.Require;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Stops a pending payment from charging (sent by the order fulfilment saga when it gives the order up). A payment that
 * was never requested is cancelled all the same, so a {@link ProcessPaymentCommand} still in flight charges nothing;
 * a payment that already succeeded, failed or was refunded is left as it is.
 */
public record CancelPaymentCommand(@TargetAggregateIdentifier String paymentId, String orderId) {

    public CancelPaymentCommand {
        Require.nonBlank(paymentId, "paymentId");
        Require.nonBlank(orderId, "orderId");
    }
}
