package io.axoncommerce.api.payment;

import io.axoncommerce.api.common.Require;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A retry fell due ({@link PaymentRetryDueEvent}): the payment makes attempt {@code attempt} of {@code operation} if it
 * still awaits the provider for exactly the attempt before it; otherwise (settled, cancelled, a duplicate) nothing.
 */
public record RetryPaymentCommand(@TargetAggregateIdentifier String paymentId, ProviderOperation operation,
                                  int attempt) {

    public RetryPaymentCommand {
        Require.nonBlank(paymentId, "paymentId");
        Require.nonNull(operation, "operation");
        Require.positive(attempt, "attempt");
    }
}
