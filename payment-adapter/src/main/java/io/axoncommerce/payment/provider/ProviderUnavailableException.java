package io.axoncommerce.payment.provider;

/**
 * The provider could not be asked: connection or read failure, 5xx, no answer in time, or the circuit breaker is
 * open. Nothing was decided by the provider, so the call may be retried with the same idempotency key.
 */
public class ProviderUnavailableException extends RuntimeException {

    public ProviderUnavailableException(String message) {
        super(message);
    }

    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
