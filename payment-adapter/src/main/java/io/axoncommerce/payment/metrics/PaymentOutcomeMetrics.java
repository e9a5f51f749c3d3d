package io.axoncommerce.payment.metrics;

import java.util.List;

import io.axoncommerce.api.common.Money;
import io.axoncommerce.api.payment.PaymentFailedEvent;
import io.axoncommerce.api.payment.PaymentFailureReason;
import io.axoncommerce.api.payment.PaymentRefundedEvent;
import io.axoncommerce.api.payment.PaymentSucceededEvent;
import io.axoncommerce.observability.CommittedEventCounter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Payment outcomes and amounts, counted from the events the payment aggregate publishes once they are stored (after
 * the unit of work committed): a charge whose event lost a concurrency race is not a second outcome. The provider
 * calls themselves (attempts, failures, the breaker's state) are resilience4j's metrics.
 * <p>
 * Tags: {@code outcome} (succeeded, declined, unavailable, refunded; each registered up front) and, on the amount
 * summary, {@code currency}. Both are small fixed sets.
 */
public final class PaymentOutcomeMetrics extends CommittedEventCounter {

    static final String PAYMENTS = "axoncommerce.payments";
    static final String PAYMENT_AMOUNT = "axoncommerce.payments.amount";
    static final List<String> OUTCOMES = List.of("succeeded", "declined", "unavailable", "refunded");

    private final MeterRegistry registry;

    public PaymentOutcomeMetrics(MeterRegistry registry) {
        this.registry = registry;
        OUTCOMES.forEach(this::outcomeCounter);
    }

    @Override
    protected void count(Object payload) {
        switch (payload) {
            case PaymentSucceededEvent e -> record("succeeded", e.amount());
            case PaymentFailedEvent e ->
                    record(e.reason() == PaymentFailureReason.DECLINED ? "declined" : "unavailable", e.amount());
            case PaymentRefundedEvent e -> record("refunded", e.amount());
            default -> {
                // not a payment outcome
            }
        }
    }

    private void record(String outcome, Money amount) {
        outcomeCounter(outcome).increment();
        DistributionSummary.builder(PAYMENT_AMOUNT)
                .description("Payment amounts by outcome, in the payment's currency")
                // no base unit: Prometheus would append it to the name, one name per currency
                .tag("outcome", outcome).tag("currency", amount.currency())
                .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(100_000.0)
                .register(registry)
                .record(amount.amount().doubleValue());
    }

    private Counter outcomeCounter(String outcome) {
        return Counter.builder(PAYMENTS).description("Payments by outcome").tag("outcome", outcome).register(registry);
    }
}
