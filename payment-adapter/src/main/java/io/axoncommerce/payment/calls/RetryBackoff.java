package io.axoncommerce.payment.calls;

import io.github.resilience4j.core.IntervalFunction;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How long a payment waits for the provider before its next attempt: {@code initial-interval} × {@code multiplier}ⁿ⁻¹,
 * at most {@code max-interval}, each spread by ±{@code randomization} so that the payments of one outage do not all
 * come back at the same moment (Resilience4j's {@link IntervalFunction}). Attempts go on until the payment is
 * settled or cancelled (the saga cancels it at the order's payment deadline); with the defaults (5 s doubling to 1 min)
 * a ten-minute deadline gives about fifteen attempts, one a minute once the breaker's open wait (60 s) is reached.
 */
@ConfigurationProperties("payment.retry")
public record RetryBackoff(Duration initialInterval, Double multiplier, Duration maxInterval, Double randomization) {

    public RetryBackoff {
        initialInterval = initialInterval == null ? Duration.ofSeconds(5) : initialInterval;
        multiplier = multiplier == null ? 2.0 : multiplier;
        maxInterval = maxInterval == null ? Duration.ofMinutes(1) : maxInterval;
        randomization = randomization == null ? 0.2 : randomization;
        if (initialInterval.isNegative() || initialInterval.isZero() || maxInterval.compareTo(initialInterval) < 0
                || multiplier < 1 || randomization < 0 || randomization >= 1) {
            throw new IllegalArgumentException("payment.retry: initial-interval > 0, max-interval >= initial-interval,"
                    + " multiplier >= 1 and 0 <= randomization < 1 required");
        }
    }

    /** The wait after attempt {@code attempt} (1, 2, ...) failed to reach the provider. */
    public Duration after(int attempt) {
        IntervalFunction intervals = randomization == 0
                ? IntervalFunction.ofExponentialBackoff(initialInterval, multiplier, maxInterval)
                : IntervalFunction.ofExponentialRandomBackoff(initialInterval, multiplier, randomization, maxInterval);
        return Duration.ofMillis(intervals.apply(attempt));
    }
}
