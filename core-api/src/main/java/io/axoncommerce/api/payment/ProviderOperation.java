package io.axoncommerce.api.payment;

/** What a payment asks of the provider: take the money, or give it back. */
public enum ProviderOperation {
    CHARGE,
    REFUND
}
