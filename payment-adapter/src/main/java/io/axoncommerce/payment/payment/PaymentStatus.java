package io.axoncommerce.payment.payment;

/** The answer to a payment command: what the payment's state is after it was handled. */
public enum PaymentStatus {
    SUCCEEDED,
    DECLINED,
    UNAVAILABLE,
    REFUNDED
}
