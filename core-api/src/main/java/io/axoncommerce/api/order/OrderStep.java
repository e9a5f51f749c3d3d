package io.axoncommerce.api.order;

/** The saga steps that run under a deadline. */
public enum OrderStep {
    STOCK_RESERVATION,
    PAYMENT
}
