/**
 * Payments: charged and refunded by the payment adapter on the saga's behalf. The payment id is
 * {@code "payment-" + orderId} (see {@link io.axoncommerce.api.payment.PaymentId}), so a retried saga step can never
 * create a second payment for one order.
 * <p>
 * The payment decides and records; the provider is called outside it. {@code ProcessPaymentCommand} →
 * {@code PaymentRequestedEvent} → the adapter calls the provider → {@code RecordCharge*Command} →
 * {@code PaymentSucceededEvent} / {@code PaymentFailedEvent(DECLINED)}; while the provider is unavailable
 * {@code PaymentAwaitingProviderEvent} → {@code PaymentRetryDueEvent} (scheduled) → {@code RetryPaymentCommand} →
 * the next attempt. Refunds the same way: {@code RefundPaymentCommand} → {@code PaymentRefundRequestedEvent} → ... →
 * {@code PaymentRefundedEvent}. {@code CancelPaymentCommand} stops a pending payment.
 */
package io.axoncommerce.api.payment;
