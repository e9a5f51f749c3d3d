package io.axoncommerce.api.order;

/**
 * The saga steps that run under a deadline. {@code REFUND} is the saga's retry timer for a refund it owes: until the
 * payment is refunded, the refund is sent again each time it expires. {@code SETTLEMENT} is its retry timer for the
 * releases, commits and the cancellation it sent: each one is sent again until its event shows it was done.
 */
public enum OrderStep {
    STOCK_RESERVATION,
    PAYMENT,
    REFUND,
    SETTLEMENT
}
