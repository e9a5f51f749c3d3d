package io.axoncommerce.api.payment;

import io.axoncommerce.api.common.Require;

/** One payment per order: the id is derived from the order id, never generated. */
public final class PaymentId {

    private PaymentId() {
    }

    public static String forOrder(String orderId) {
        return "payment-" + Require.nonBlank(orderId, "orderId");
    }
}
