package io.axoncommerce.api.payment;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.common.Require;
import org.axonframework.serialization.Revision;

/** {@code detail} is the provider's decline code or a short description of the outage; never card data. */
@Revision("1")
public record PaymentFailedEvent(String paymentId, String orderId, Money amount, PaymentFailureReason reason,
                                 String detail) {

    public PaymentFailedEvent {
        Require.nonBlank(paymentId, "paymentId");
        Require.nonBlank(orderId, "orderId");
        Require.nonNull(amount, "amount");
        Require.nonNull(reason, "reason");
        Require.nonBlank(detail, "detail");
    }
}
