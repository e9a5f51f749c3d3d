package io.axoncommerce.api.order;

/** PLACED → STOCK_RESERVED → CONFIRMED, or CANCELLED from PLACED or STOCK_RESERVED. */
public enum OrderStatus {
    PLACED, STOCK_RESERVED, CONFIRMED, CANCELLED
}
