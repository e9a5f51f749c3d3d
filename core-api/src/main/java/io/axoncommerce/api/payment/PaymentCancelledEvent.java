package io.axoncommerce.api.payment;

import io.axoncommerce.api.common.Require;
import org.axonframework.serialization.Revision;

/**
 * The payment is no longer wanted (the order's payment deadline passed, or the order was cancelled): no new charge is
 * attempted. A charge already under way that the provider still makes is recorded as {@link PaymentSucceededEvent}
 * and refunded by the payment itself ({@link PaymentRefundRequestedEvent}).
 */
@Revision("1")
public record PaymentCancelledEvent(String paymentId, String orderId) {

    public PaymentCancelledEvent {
        Require.nonBlank(paymentId, "paymentId");
        Require.nonBlank(orderId, "orderId");
    }
}
