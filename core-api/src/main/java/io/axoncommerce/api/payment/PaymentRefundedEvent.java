package io.axoncommerce.api.payment;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.common.Require;
import org.axonframework.serialization.Revision;

/** {@code providerReference} is the provider's refund id. */
@Revision("1")
public record PaymentRefundedEvent(String paymentId, String orderId, Money amount, String providerReference) {

    public PaymentRefundedEvent {
        Require.nonBlank(paymentId, "paymentId");
        Require.nonBlank(orderId, "orderId");
        Require.nonNull(amount, "amount");
        Require.nonBlank(providerReference, "providerReference");
    }
}
