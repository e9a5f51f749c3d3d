package io.axoncommerce.api.payment;

import io.axoncommerce.api.common.Require;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * The provider could not settle attempt {@code attempt} of {@code operation}; the adapter proposes the next attempt at
 * {@code nextAttemptAt} (its back-off). A repeated or outdated report (another attempt already made) changes nothing.
 *
 * @param chargeMayExist see {@link PaymentAwaitingProviderEvent#chargeMayExist()}
 */
public record RecordProviderUnavailableCommand(@TargetAggregateIdentifier String paymentId,
                                               ProviderOperation operation, int attempt, boolean chargeMayExist,
                                               String detail, Instant nextAttemptAt) {

    public RecordProviderUnavailableCommand {
        Require.nonBlank(paymentId, "paymentId");
        Require.nonNull(operation, "operation");
        Require.positive(attempt, "attempt");
        Require.nonBlank(detail, "detail");
        Require.nonNull(nextAttemptAt, "nextAttemptAt");
    }
}
