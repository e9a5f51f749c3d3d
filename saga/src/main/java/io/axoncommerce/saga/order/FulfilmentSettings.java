package io.axoncommerce.saga.order;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How long the saga waits for each step before it gives up and cancels the order with {@code TIMEOUT}. After a
 * cancellation, reservations still outstanding are waited for at most one more {@code reservationTimeout}.
 */
@ConfigurationProperties("saga.order-fulfilment")
public record FulfilmentSettings(Duration reservationTimeout, Duration paymentTimeout) {

    public FulfilmentSettings {
        reservationTimeout = reservationTimeout == null ? Duration.ofMinutes(2) : reservationTimeout;
        paymentTimeout = paymentTimeout == null ? Duration.ofMinutes(5) : paymentTimeout;
        if (reservationTimeout.isNegative() || reservationTimeout.isZero()
                || paymentTimeout.isNegative() || paymentTimeout.isZero()) {
            throw new IllegalArgumentException("saga.order-fulfilment timeouts must be positive");
        }
    }
}
