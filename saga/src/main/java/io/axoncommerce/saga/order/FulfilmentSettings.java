package io.axoncommerce.saga.order;

import io.axoncommerce.api.order.OrderStep;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How long the saga waits for each step before it gives up and cancels the order with {@code TIMEOUT} (the payment
 * step with {@code PAYMENT_UNAVAILABLE} when the provider was reported unavailable). The payment deadline is long
 * (10 minutes by default) because an unavailable provider is waited for and retried, not taken as a refusal: a busy
 * minute must not throw sales away. After a cancellation, reservations still outstanding are waited for at most one
 * more {@code reservationTimeout}. A refund the saga owes is sent again every {@code refundRetry} until the payment is
 * refunded, and a release, commit or cancellation it sent is sent again every {@code settlementRetry} until its event
 * arrives.
 */
@ConfigurationProperties("saga.order-fulfilment")
public record FulfilmentSettings(Duration reservationTimeout, Duration paymentTimeout, Duration refundRetry,
                                 Duration settlementRetry) {

    public FulfilmentSettings {
        reservationTimeout = positive(reservationTimeout, Duration.ofMinutes(2), "reservation-timeout");
        paymentTimeout = positive(paymentTimeout, Duration.ofMinutes(10), "payment-timeout");
        refundRetry = positive(refundRetry, Duration.ofMinutes(1), "refund-retry");
        settlementRetry = positive(settlementRetry, Duration.ofSeconds(30), "settlement-retry");
    }

    /** How long after it is armed the step's deadline fires. */
    Duration deadline(OrderStep step) {
        return switch (step) {
            case STOCK_RESERVATION -> reservationTimeout;
            case PAYMENT -> paymentTimeout;
            case REFUND -> refundRetry;
            case SETTLEMENT -> settlementRetry;
        };
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        Duration result = value == null ? fallback : value;
        if (result.isNegative() || result.isZero()) {
            throw new IllegalArgumentException("saga.order-fulfilment." + name + " must be positive but was " + result);
        }
        return result;
    }
}
