package io.axoncommerce.api.payment;

/**
 * {@code DECLINED}: the provider answered and refused the charge (a business outcome, not retried).
 * {@code UNAVAILABLE}: no longer emitted. Payments made before the provider's outages were retried failed with it
 * when the provider could not be asked; events are never deleted, so it stays readable, and the saga still cancels
 * such an order {@code PAYMENT_UNAVAILABLE}. An outage now leaves the payment pending
 * ({@link PaymentAwaitingProviderEvent}).
 */
public enum PaymentFailureReason {
    DECLINED,
    UNAVAILABLE
}
