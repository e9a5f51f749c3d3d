package io.axoncommerce.api.payment;

import io.axoncommerce.api.common.Require;
import org.axonframework.serialization.Revision;

/**
 * Scheduled by the payment adapter through Axon's {@code EventScheduler} (persisted by Axon Server, so it survives a
 * restart of the adapter) when a payment is awaiting the provider; when it is published the payment is asked to make
 * attempt {@code attempt}. Not an aggregate's event: the payment decides whether that attempt is still wanted.
 */
@Revision("1")
public record PaymentRetryDueEvent(String paymentId, String orderId, ProviderOperation operation, int attempt) {

    public PaymentRetryDueEvent {
        Require.nonBlank(paymentId, "paymentId");
        Require.nonBlank(orderId, "orderId");
        Require.nonNull(operation, "operation");
        Require.positive(attempt, "attempt");
    }
}
