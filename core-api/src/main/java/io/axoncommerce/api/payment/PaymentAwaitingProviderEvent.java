package io.axoncommerce.api.payment;

import io.axoncommerce.api.common.Require;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The provider could not settle an attempt (outage, time-out, circuit breaker open): nothing is decided, the payment
 * stays pending and is attempted again at {@code nextAttemptAt}. Not a decline: the order waits with its stock
 * reserved until the fulfilment's payment deadline.
 *
 * @param chargeMayExist for a charge: the provider may have charged (a request reached it and neither its answer nor
 *                       a lookup of the idempotency key came back), so even a cancelled payment keeps asking until
 *                       the provider tells; false when the provider said no charge exists under the key
 * @param detail         a short description of the failure; never card data
 */
@Revision("1")
public record PaymentAwaitingProviderEvent(String paymentId, String orderId, ProviderOperation operation, int attempt,
                                           boolean chargeMayExist, String detail, Instant nextAttemptAt) {

    public PaymentAwaitingProviderEvent {
        Require.nonBlank(paymentId, "paymentId");
        Require.nonBlank(orderId, "orderId");
        Require.nonNull(operation, "operation");
        Require.positive(attempt, "attempt");
        Require.nonBlank(detail, "detail");
        Require.nonNull(nextAttemptAt, "nextAttemptAt");
    }
}
