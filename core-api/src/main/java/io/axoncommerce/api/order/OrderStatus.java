package io.axoncommerce.api.order;

/**
 * PLACED → STOCK_RESERVED → CONFIRMED, or CANCELLED from PLACED or STOCK_RESERVED: the Order aggregate's states.
 * <p>
 * {@code AWAITING_PAYMENT} is the read side's only: the stock is reserved and the payment provider was unavailable,
 * so the payment is retried until the order's payment deadline; the order then goes on to CONFIRMED or CANCELLED like
 * from STOCK_RESERVED. The Order aggregate itself stays STOCK_RESERVED meanwhile.
 */
public enum OrderStatus {
    PLACED, STOCK_RESERVED, CONFIRMED, CANCELLED, AWAITING_PAYMENT
}
