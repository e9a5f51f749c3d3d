package io.axoncommerce.api.order;

public enum CancellationReason {
    OUT_OF_STOCK, PAYMENT_DECLINED, PAYMENT_UNAVAILABLE, TIMEOUT, CUSTOMER_REQUEST
}
