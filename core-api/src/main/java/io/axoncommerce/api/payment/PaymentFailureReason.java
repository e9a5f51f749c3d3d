package io.axoncommerce.api.payment;

/**
 * {@code DECLINED}: the provider answered and refused the charge (a business outcome, not retried).
 * {@code UNAVAILABLE}: the provider could not be asked (outage, timeout, circuit breaker open); nothing was charged.
 */
public enum PaymentFailureReason {
    DECLINED,
    UNAVAILABLE
}
