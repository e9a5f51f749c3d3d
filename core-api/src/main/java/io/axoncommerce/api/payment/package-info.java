/**
 * Payments: charged and refunded by the payment adapter on the saga's behalf. The payment id is
 * {@code "payment-" + orderId} (see {@link io.axoncommerce.api.payment.PaymentId}), so a retried saga step can never
 * create a second payment for one order.
 */
package io.axoncommerce.api.payment;
