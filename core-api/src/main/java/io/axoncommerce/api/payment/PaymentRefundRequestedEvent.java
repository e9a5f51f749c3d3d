package io.axoncommerce.api.payment;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.common.Require;
import org.axonframework.serialization.Revision;

/**
 * The payment decided to give the money of its charge back: attempt 1 when the refund is requested (or a charge lands
 * after the payment was cancelled), later attempts after the provider was unavailable. Every attempt carries the same
 * idempotency key ({@code refund-<paymentId>}), so the provider refunds once.
 *
 * @param chargeId the provider's id of the charge to refund
 */
@Revision("1")
public record PaymentRefundRequestedEvent(String paymentId, String orderId, Money amount, String chargeId,
                                          int attempt) {

    public PaymentRefundRequestedEvent {
        Require.nonBlank(paymentId, "paymentId");
        Require.nonBlank(orderId, "orderId");
        Require.nonNull(amount, "amount");
        Require.nonBlank(chargeId, "chargeId");
        Require.positive(attempt, "attempt");
    }
}
