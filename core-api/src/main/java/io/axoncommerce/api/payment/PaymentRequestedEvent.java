package io.axoncommerce.api.payment;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.common.Require;
import org.axonframework.serialization.Revision;

/**
 * The payment decided that the provider is to be asked about its charge: attempt 1 when the payment is requested,
 * later attempts after the provider was unavailable. The payment adapter's provider calls act on it, outside the
 * payment's lock, and report the answer back as a command. Every attempt uses the payment id as the provider's
 * idempotency key, so a charge is never made twice however often an attempt is repeated.
 *
 * @param attempt    1, 2, ...: an attempt after the first one first asks the provider whether the key was charged
 * @param lookupOnly the payment was cancelled while an earlier attempt's outcome was unknown: the provider is only
 *                   asked about the key, nothing new is charged
 */
@Revision("1")
public record PaymentRequestedEvent(String paymentId, String orderId, Money amount, String paymentToken, int attempt,
                                    boolean lookupOnly) {

    public PaymentRequestedEvent {
        Require.nonBlank(paymentId, "paymentId");
        Require.nonBlank(orderId, "orderId");
        Require.nonNull(amount, "amount");
        Require.nonBlank(paymentToken, "paymentToken");
        Require.positive(attempt, "attempt");
    }

    @Override
    public String toString() {
        return "PaymentRequestedEvent[paymentId=" + paymentId + ", orderId=" + orderId + ", amount=" + amount
                + ", paymentToken=" + Require.maskToken(paymentToken) + ", attempt=" + attempt + ", lookupOnly="
                + lookupOnly + "]";
    }
}
