package io.axoncommerce.payment.aggregate;

/** The answer to a payment command: what the payment's state is after it was handled. */
public enum PaymentStatus {
    /** Requested, the provider not yet settled it (an attempt under way, or waiting for the provider to be back). */
    PENDING,
    SUCCEEDED,
    DECLINED,
    /** Only payments stored before outages were retried: the provider could not be asked, the payment gave up. */
    UNAVAILABLE,
    /** Given up by the saga before the provider charged; a charge that lands anyway is refunded. */
    CANCELLED,
    /** Its refund is requested and not yet confirmed by the provider. */
    REFUND_PENDING,
    REFUNDED
}
