package io.axoncommerce.api.payment;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.common.Require;
import org.axonframework.serialization.Revision;

@Revision("1")
public record PaymentSucceededEvent(String paymentId, String orderId, Money amount, String providerReference) {

    public PaymentSucceededEvent {
        Require.nonBlank(paymentId, "paymentId");
        Require.nonBlank(orderId, "orderId");
        Require.nonNull(amount, "amount");
        Require.nonBlank(providerReference, "providerReference");
    }
}
